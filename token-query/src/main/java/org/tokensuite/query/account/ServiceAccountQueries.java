package org.tokensuite.query.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.tokensuite.query.projection.StoredText;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads of the service-account view joined with the token view and usage monitoring's last use. */
@Component
public class ServiceAccountQueries {

    /** A token that works now: active, not past its expiry or its rotation deadline, its owner not offboarded or away. */
    private static final String WORKING = "t.state = 'active' AND t.expires_at > ? "
            + "AND (t.expires_unless_rotated_by IS NULL OR t.expires_unless_rotated_by > ?) "
            + "AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = t.owner_id "
            + "AND (u.offboarded_at IS NOT NULL OR u.on_leave_since IS NOT NULL))";
    private static final String COLUMNS = "a.account_id, a.description, a.team, a.sponsor, a.status, a.grace_ends_at, "
            + "a.registered_at, (SELECT count(*) FROM tokens t WHERE t.owner_id = a.account_id AND " + WORKING + ") AS active_tokens, "
            + "(SELECT max(u.last_used_at) FROM token_usage u WHERE u.owner_id = a.account_id) AS last_used_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Set<String> builtIn;

    public ServiceAccountQueries(JdbcTemplate jdbc, Clock clock, BuiltInAccounts builtIn) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.builtIn = builtIn.ids();
    }

    /**
     * Registered accounts, in id order, optionally only those with {@code status}, sponsored by {@code sponsor},
     * or none of whose tokens was used since {@code unusedSince} (never used counts as unused). Built-in accounts
     * come first when no filter excludes them.
     */
    public List<ServiceAccountSummary> list(String status, String sponsor, Instant unusedSince) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT " + COLUMNS + " FROM service_accounts a) s WHERE true");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(now), Timestamp.from(now)));
        if (status != null) {
            sql.append(" AND s.status = ?");
            args.add(status);
        }
        if (sponsor != null) {
            sql.append(" AND s.sponsor = ?");
            args.add(sponsor);
        }
        if (unusedSince != null) {
            sql.append(" AND (s.last_used_at IS NULL OR s.last_used_at < ?)");
            args.add(Timestamp.from(unusedSince));
        }
        sql.append(" ORDER BY s.account_id");
        List<ServiceAccountSummary> accounts = new ArrayList<>();
        if (status == null && sponsor == null) {
            for (String id : builtIn) {
                ServiceAccountSummary account = builtIn(id, now);
                if (unusedSince == null || account.lastUsedAt() == null || account.lastUsedAt().isBefore(unusedSince)) {
                    accounts.add(account);
                }
            }
        }
        accounts.addAll(jdbc.query(sql.toString(), ROWS, args.toArray()));
        return accounts;
    }

    public Optional<ServiceAccountSummary> find(String accountId) {
        Instant now = clock.instant();
        if (builtIn.contains(accountId)) {
            return Optional.of(builtIn(accountId, now));
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM service_accounts a WHERE a.account_id = ?", ROWS,
                Timestamp.from(now), Timestamp.from(now), accountId).stream().findFirst();
    }

    /** People who sponsor at least {@code minimum} accounts, most first. */
    public List<SponsorSummary> sponsors(int minimum) {
        return jdbc.query("""
                SELECT sponsor, count(*) AS n, array_agg(account_id ORDER BY account_id) AS ids
                FROM service_accounts GROUP BY sponsor HAVING count(*) >= ? ORDER BY n DESC, sponsor""",
                (rs, row) -> new SponsorSummary(rs.getString("sponsor"), rs.getInt("n"),
                        Arrays.asList((String[]) rs.getArray("ids").getArray())), minimum);
    }

    /** What offboarding {@code userId} would do now. */
    public OffboardingImpact impact(String userId) {
        Instant now = clock.instant();
        List<String> own = jdbc.queryForList("SELECT t.token_id FROM tokens t WHERE t.owner_id = ? AND "
                        + "t.state IN ('active', 'suspended') AND t.expires_at > ? ORDER BY t.token_id", String.class,
                userId, Timestamp.from(now));
        List<ServiceAccountSummary> orphaned = list(null, userId, null).stream()
                .filter(account -> !account.builtIn() && !"sponsor_lost".equals(account.status())).toList();
        int suspendedLater = orphaned.stream().mapToInt(ServiceAccountSummary::activeTokens).sum();
        return new OffboardingImpact(userId, own, orphaned, suspendedLater);
    }

    private ServiceAccountSummary builtIn(String id, Instant now) {
        Integer active = jdbc.queryForObject("SELECT count(*) FROM tokens t WHERE t.owner_id = ? AND " + WORKING, Integer.class,
                id, Timestamp.from(now), Timestamp.from(now));
        Timestamp lastUsed = jdbc.queryForObject("SELECT max(last_used_at) FROM token_usage WHERE owner_id = ?", Timestamp.class, id);
        return new ServiceAccountSummary(id, "one of the suite's own principals", null, null, "built_in", null, true,
                active == null ? 0 : active, lastUsed == null ? null : lastUsed.toInstant(), null);
    }

    private static final RowMapper<ServiceAccountSummary> ROWS = (rs, row) -> new ServiceAccountSummary(
            rs.getString("account_id"), StoredText.decode(rs.getString("description")), StoredText.decode(rs.getString("team")),
            rs.getString("sponsor"), rs.getString("status"), instant(rs.getTimestamp("grace_ends_at")), false,
            rs.getInt("active_tokens"), instant(rs.getTimestamp("last_used_at")), instant(rs.getTimestamp("registered_at")));

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

package org.tokensuite.query.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage in token-query's database, shared by all instances: each instance adds its own counts
 * (sums, never overwrites), and the latest use wins for last-used time and source. Rows are
 * written in token id order so two instances flushing at once cannot deadlock.
 */
@Component
public class UsageStore {

    /** Minute buckets are kept a little longer than the 24 h they answer for. */
    static final Duration MINUTES_KEPT = Duration.ofHours(25);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public UsageStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    void write(List<UsageRow> rows, boolean prune, Instant now) {
        List<UsageRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(UsageRow::tokenId));
        List<Object[]> usage = new ArrayList<>();
        List<Object[]> minutes = new ArrayList<>();
        List<Object[]> checks = new ArrayList<>();
        for (UsageRow row : sorted) {
            if (row.uses() > 0) {
                usage.add(new Object[] {row.tokenId(), row.ownerId(), ts(row.lastUsedAt()), row.lastSource(), row.uses()});
                minutes.add(new Object[] {row.tokenId(), ts(row.minute()), row.uses()});
            }
            row.heldChecked().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(check ->
                    checks.add(new Object[] {row.tokenId(), check.getKey(), ts(check.getValue()), ts(check.getValue())}));
        }
        transaction.executeWithoutResult(status -> {
            jdbc.batchUpdate("INSERT INTO token_usage (token_id, owner_id, last_used_at, last_source, uses_total, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (token_id) DO UPDATE SET "
                    + "last_source = CASE WHEN EXCLUDED.last_used_at >= token_usage.last_used_at "
                    + "THEN EXCLUDED.last_source ELSE token_usage.last_source END, "
                    + "last_used_at = GREATEST(token_usage.last_used_at, EXCLUDED.last_used_at), "
                    + "uses_total = token_usage.uses_total + EXCLUDED.uses_total, updated_at = now()", usage);
            jdbc.batchUpdate("INSERT INTO token_usage_minutes (token_id, minute, uses) VALUES (?, ?, ?) "
                    + "ON CONFLICT (token_id, minute) DO UPDATE SET uses = token_usage_minutes.uses + EXCLUDED.uses", minutes);
            jdbc.batchUpdate("INSERT INTO token_scope_checks (token_id, scope, first_checked_at, last_checked_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (token_id, scope) DO UPDATE SET "
                    + "last_checked_at = GREATEST(token_scope_checks.last_checked_at, EXCLUDED.last_checked_at)", checks);
            if (prune) {
                jdbc.update("DELETE FROM token_usage_minutes WHERE minute < ?", ts(now.minus(MINUTES_KEPT)));
            }
        });
    }

    /** Uses in the 24 hours before {@code now}, by all instances (to the minute). */
    public long usesLast24h(String tokenId, Instant now) {
        Long uses = jdbc.queryForObject("SELECT COALESCE(SUM(uses), 0) FROM token_usage_minutes "
                + "WHERE token_id = ? AND minute > ?", Long.class, tokenId, ts(now.minus(Duration.ofHours(24))));
        return uses == null ? 0 : uses;
    }

    /** When a held scope of a token was first and last checked. */
    public record ScopeCheck(Instant firstCheckedAt, Instant lastCheckedAt) {
    }

    /** Held scopes checked for the token (by any instance). */
    public Map<String, ScopeCheck> scopeChecks(String tokenId) {
        Map<String, ScopeCheck> checks = new TreeMap<>();
        jdbc.query("SELECT scope, first_checked_at, last_checked_at FROM token_scope_checks WHERE token_id = ?",
                rs -> {
                    checks.put(rs.getString("scope"), new ScopeCheck(rs.getTimestamp("first_checked_at").toInstant(),
                            rs.getTimestamp("last_checked_at").toInstant()));
                }, tokenId);
        return checks;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}

package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.aggregate.OwnerTokens;
import org.tokensuite.command.aggregate.SuspensionReason;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads what {@link UserRegistry} keeps: a user's standing and which of their tokens are in which state. */
@Component
public class UserDirectory implements OwnerTokens {

    private final JdbcTemplate jdbc;

    public UserDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Where owners stand: a row (owner, standing) for each owner HR or a sponsorship ever spoke of. Both parameters are
     * the owners' ids as one text array ({@link #standingsParameters}). One probe of the primary key per owner
     * (README, "Queries whose plans cannot go stale").
     */
    static final String STANDINGS = """
            SELECT u.user_id, u.status FROM unnest(?::text[]) AS k(id)
            CROSS JOIN LATERAL (SELECT user_id, status FROM users WHERE user_id = k.id LIMIT 1) u
            UNION ALL
            SELECT a.account_id, CASE WHEN a.status = 'sponsored' THEN 'active' ELSE 'orphaned' END
            FROM unnest(?::text[]) AS k(id)
            CROSS JOIN LATERAL (SELECT account_id, status FROM service_accounts WHERE account_id = k.id LIMIT 1) a""";

    /**
     * One owner's standing: {@link #STANDINGS} for a single owner, whose parameters are the owner's id twice. The
     * server's plan does not depend on the value, so after its first few runs it keeps one generic plan (a probe of
     * each primary key); the list form, whose cost depends on the list's length, is planned again at every run, and
     * an issue reads one standing with its owner's lock (README, "Statements planned once").
     */
    static final String STANDING = """
            SELECT user_id, status FROM users WHERE user_id = ?
            UNION ALL
            SELECT account_id, CASE WHEN status = 'sponsored' THEN 'active' ELSE 'orphaned' END
            FROM service_accounts WHERE account_id = ?""";

    static final RowMapper<Map.Entry<UserId, OwnerStanding>> STANDING_ROW =
            (rs, row) -> Map.entry(new UserId(rs.getString(1)), OwnerStanding.fromJson(rs.getString(2)));

    /** A person's HR standing; a service account is active while it has a sponsor, orphaned after. */
    public OwnerStanding standing(UserId user) {
        return standing(user, jdbc.query(STANDING, STANDING_ROW, standingParameters(user).toArray()));
    }

    /** The parameters of {@link #STANDING} for {@code owner}. */
    static List<Object> standingParameters(UserId owner) {
        return List.of(owner.value(), owner.value());
    }

    /** An owner's standing from the rows of {@link #STANDING}. */
    static OwnerStanding standing(UserId owner, List<Map.Entry<UserId, OwnerStanding>> rows) {
        return standings(List.of(owner), rows).get(owner);
    }

    /** The standing of each of {@code owners} in one query. */
    public Map<UserId, OwnerStanding> standings(Collection<UserId> owners) {
        return standings(owners, jdbc.query(STANDINGS, STANDING_ROW, standingsParameters(owners).toArray()));
    }

    /** The parameters of {@link #STANDINGS} for {@code owners}. */
    static List<Object> standingsParameters(Collection<UserId> owners) {
        String[] ids = owners.stream().map(UserId::value).distinct().toArray(String[]::new);
        return List.of(ids, ids);
    }

    /** Each owner's standing from the rows of {@link #STANDINGS}: an owner without a row is a person HR never spoke of, hence active. */
    static Map<UserId, OwnerStanding> standings(Collection<UserId> owners, List<Map.Entry<UserId, OwnerStanding>> rows) {
        Map<UserId, OwnerStanding> standings = new HashMap<>();
        rows.forEach(row -> standings.putIfAbsent(row.getKey(), row.getValue()));
        owners.forEach(owner -> standings.putIfAbsent(owner, OwnerStanding.ACTIVE));
        return standings;
    }

    public List<TokenId> tokens(UserId user, Collection<TokenState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String[] names = states.stream().map(TokenState::json).toArray(String[]::new);
        return jdbc.query("SELECT token_id FROM user_tokens WHERE user_id = ? AND state = ANY (?) ORDER BY token_id",
                (rs, row) -> new TokenId(rs.getString(1)),
                user.value(), names);
    }

    @Override
    public int count(UserId user, Set<TokenState> states) {
        return tokens(user, states).size();
    }

    @Override
    public int countSuspended(UserId user, SuspensionReason reason) {
        return suspendedTokens(user, reason).size();
    }

    /** The user's tokens that are suspended for this reason (a leave's end reinstates only those it suspended). */
    public List<TokenId> suspendedTokens(UserId user, SuspensionReason reason) {
        return jdbc.query("SELECT token_id FROM user_tokens WHERE user_id = ? AND state = 'suspended' AND suspended_for = ? ORDER BY token_id",
                (rs, row) -> new TokenId(rs.getString(1)),
                user.value(), reason.json());
    }
}

package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
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

    /** Where an owner stands (its one parameter, the user id, given twice): see {@link #standing(UserId)}. */
    static final String STANDING = """
            SELECT status FROM users WHERE user_id = ?
            UNION ALL
            SELECT CASE WHEN status = 'sponsored' THEN 'active' ELSE 'orphaned' END FROM service_accounts WHERE account_id = ?""";

    /** A person's HR standing; a service account is active while it has a sponsor, orphaned after. */
    public OwnerStanding standing(UserId user) {
        return standing(jdbc.queryForList(STANDING, String.class, user.value(), user.value()));
    }

    /** The standing of each of {@code owners} in one query; an owner HR never spoke of is active. */
    public Map<UserId, OwnerStanding> standings(Collection<UserId> owners) {
        String[] ids = owners.stream().map(UserId::value).distinct().toArray(String[]::new);
        Map<UserId, OwnerStanding> standings = new HashMap<>();
        jdbc.query("""
                SELECT user_id, status FROM users WHERE user_id = ANY (?)
                UNION ALL
                SELECT account_id, CASE WHEN status = 'sponsored' THEN 'active' ELSE 'orphaned' END
                FROM service_accounts WHERE account_id = ANY (?)""",
                rs -> {
                    standings.putIfAbsent(new UserId(rs.getString(1)), OwnerStanding.fromJson(rs.getString(2)));
                }, ids, ids);
        for (UserId owner : owners) {
            standings.putIfAbsent(owner, OwnerStanding.ACTIVE);
        }
        return standings;
    }

    /** The standing the rows of {@link #STANDING} give: no row is a person HR never spoke of, hence active. */
    static OwnerStanding standing(List<String> rows) {
        return rows.isEmpty() ? OwnerStanding.ACTIVE : OwnerStanding.fromJson(rows.get(0));
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

package org.tokensuite.audit.usage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.tokensuite.audit.store.ReadPool;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads last use per token (for reports; on the read pool). */
@Repository
public class LastUses {

    /** One probe of the primary key per token: a plan that cannot become a table scan (see the audit log's writer). */
    static final String OF_TOKENS = "SELECT u.token_id, u.owner_id, u.last_used_at, u.last_source_address, u.uses_total"
            + " FROM unnest(?::text[]) AS k(id) CROSS JOIN LATERAL (SELECT token_id, owner_id, last_used_at,"
            + " last_source_address, uses_total FROM token_last_use WHERE token_id = k.id LIMIT 1) u";

    private final JdbcTemplate jdbc;

    public LastUses(ReadPool pool) {
        this.jdbc = pool.jdbc();
    }

    /** Last use of each of these tokens that was ever used, by token id. */
    public Map<String, LastUse> of(Collection<String> tokenIds) {
        Map<String, LastUse> uses = new HashMap<>();
        if (tokenIds.isEmpty()) {
            return uses;
        }
        jdbc.query(OF_TOKENS,
                rs -> {
                    uses.put(rs.getString("token_id"), new LastUse(rs.getString("token_id"), rs.getString("owner_id"),
                            rs.getObject("last_used_at", OffsetDateTime.class).toInstant(),
                            rs.getString("last_source_address"), rs.getLong("uses_total")));
                },
                (Object) tokenIds.toArray(String[]::new));
        return uses;
    }
}

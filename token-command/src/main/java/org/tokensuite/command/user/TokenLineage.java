package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.ReachPolicy;

import java.util.List;
import java.util.Optional;

/**
 * Where a token stands relative to a caller: its owner, and whether it descends from the calling
 * token (issued by it, or by a token it issued, transitively). Read from {@code user_tokens},
 * which is written in the same transaction as each {@code TokenIssued}; owner and issuer never
 * change, so the answer cannot go stale between this check and the command.
 */
@Component
public class TokenLineage {

    /** Deeper chains than this are not followed (none should exist; it bounds a hostile one). */
    private static final int MAX_DEPTH = 64;

    // Each step of a walk probes an index from the rows the step before found (README, "Queries whose plans cannot go stale");
    // the placement runs before every command on an existing token.

    /** Parameters: the root token, the depth bound. */
    static final String LIVE_DESCENDANTS = """
            WITH RECURSIVE lineage (token_id, depth) AS (
                SELECT token_id, 1 FROM user_tokens WHERE issued_by = ?
                UNION
                SELECT t.token_id, l.depth + 1
                FROM lineage l CROSS JOIN LATERAL (SELECT token_id FROM user_tokens WHERE issued_by = l.token_id OFFSET 0) t
                WHERE l.depth < ?)
            SELECT l.token_id FROM lineage l
            CROSS JOIN LATERAL (SELECT state FROM user_tokens WHERE token_id = l.token_id LIMIT 1) u
            WHERE u.state IN ('active', 'suspended')
            GROUP BY l.token_id ORDER BY min(l.depth), l.token_id""";

    /** Parameters: the token, the depth bound, the caller's token, the token again. */
    static final String PLACEMENT = """
            WITH RECURSIVE chain (token_id, issued_by, depth) AS (
                SELECT token_id, issued_by, 0 FROM user_tokens WHERE token_id = ?
                UNION ALL
                SELECT t.token_id, t.issued_by, c.depth + 1
                FROM chain c CROSS JOIN LATERAL (SELECT token_id, issued_by FROM user_tokens WHERE token_id = c.issued_by LIMIT 1) t
                WHERE c.depth < ?)
            SELECT u.user_id, EXISTS (SELECT 1 FROM chain WHERE issued_by = ?) AS descends
            FROM user_tokens u WHERE u.token_id = ?""";

    private final JdbcTemplate jdbc;

    public TokenLineage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tokens {@code root} issued, and those they issued, transitively (breadth first, nearest first), that are
     * still active or suspended; at most {@value #MAX_DEPTH} generations down.
     */
    public List<TokenId> liveDescendants(TokenId root) {
        return jdbc.query(LIVE_DESCENDANTS,
                (rs, row) -> new TokenId(rs.getString(1)), root.value(), MAX_DEPTH);
    }

    /** The token's placement relative to {@code caller}, or empty when no such token exists. */
    public Optional<ReachPolicy.Placement> placement(TokenId token, TokenId caller) {
        List<ReachPolicy.Placement> rows = jdbc.query(PLACEMENT,
                (rs, row) -> new ReachPolicy.Placement(new UserId(rs.getString(1)), rs.getBoolean(2)),
                token.value(), MAX_DEPTH, caller.value(), token.value());
        return rows.stream().findFirst();
    }
}

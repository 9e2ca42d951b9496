package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.RevocationSelector;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The live tokens a {@link RevocationSelector} takes, within a caller's reach, read from {@code user_tokens} (written
 * in the same transaction as each token event; scopes, name and issue time since V9, last use from token-query's
 * usage summaries). Reach is the same rule as {@code ReachPolicy}'s, as SQL: every token for an administrator,
 * otherwise the caller's owner id's and its own descendants'. Ids in ascending order.
 */
@Component
public class TokenSelection {

    /** As {@link TokenLineage}: deeper chains are not followed. */
    private static final int MAX_DEPTH = 64;

    private final NamedParameterJdbcTemplate jdbc;

    public TokenSelection(JdbcTemplate jdbc) {
        this.jdbc = new NamedParameterJdbcTemplate(jdbc);
    }

    /** The caller seen by reach: its owner id, its token, and whether it reaches every token. */
    public record Reach(UserId owner, TokenId token, boolean everyToken) {
    }

    public List<String> select(RevocationSelector selector, Reach reach) {
        Query query = query(selector, reach);
        return jdbc.queryForList(query.sql(), query.params(), String.class);
    }

    /** A selection's SQL with named parameters, and their values. */
    record Query(String sql, MapSqlParameterSource params) {
    }

    // Each step of the walks down from a token probes the issuer index (README, "Queries whose plans cannot go stale").
    static Query query(RevocationSelector selector, Reach reach) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("callerToken", reach.token().value())
                .addValue("callerOwner", reach.owner().value())
                .addValue("everyToken", reach.everyToken())
                .addValue("depth", MAX_DEPTH)
                .addValue("states", selector.states().stream().map(TokenState::json).toList());
        StringBuilder sql = new StringBuilder("""
                WITH RECURSIVE reached (token_id, depth) AS (
                    SELECT token_id, 1 FROM user_tokens WHERE issued_by = :callerToken
                    UNION
                    SELECT t.token_id, r.depth + 1
                    FROM reached r CROSS JOIN LATERAL (SELECT token_id FROM user_tokens WHERE issued_by = r.token_id OFFSET 0) t
                    WHERE r.depth < :depth)""");
        if (selector.issuedBy() != null) {
            sql.append("""
                    ,
                    lineage (token_id, depth) AS (
                        SELECT token_id, 1 FROM user_tokens WHERE issued_by = :issuedBy
                        UNION
                        SELECT t.token_id, l.depth + 1
                        FROM lineage l CROSS JOIN LATERAL (SELECT token_id FROM user_tokens WHERE issued_by = l.token_id OFFSET 0) t
                        WHERE l.depth < :depth)""");
            params.addValue("issuedBy", selector.issuedBy().value());
        }
        sql.append("""

                SELECT u.token_id FROM user_tokens u
                WHERE u.state IN (:states)
                  AND (:everyToken OR u.user_id = :callerOwner OR u.token_id IN (SELECT token_id FROM reached))""");
        List<String> where = new ArrayList<>();
        if (selector.issuedBy() != null) {
            where.add("u.token_id IN (SELECT token_id FROM lineage)");
        }
        if (selector.owner() != null) {
            where.add("u.user_id = :owner");
            params.addValue("owner", selector.owner().value());
        }
        if (selector.scope() != null) {
            where.add("EXISTS (SELECT 1 FROM unnest(u.scopes) s WHERE s LIKE :scope ESCAPE '\\')");
            params.addValue("scope", RevocationSelector.likePattern(selector.scope()));
        }
        if (selector.name() != null) {
            where.add("u.name LIKE :name ESCAPE '\\'");
            params.addValue("name", RevocationSelector.likePattern(selector.name()));
        }
        if (selector.issuedBefore() != null) {
            where.add("u.issued_at < :issuedBefore");
            params.addValue("issuedBefore", Timestamp.from(selector.issuedBefore()));
        }
        if (selector.issuedAfter() != null) {
            where.add("u.issued_at > :issuedAfter");
            params.addValue("issuedAfter", Timestamp.from(selector.issuedAfter()));
        }
        if (selector.notUsedSince() != null) {
            where.add("(u.last_used_at IS NULL OR u.last_used_at < :notUsedSince)");
            params.addValue("notUsedSince", Timestamp.from(selector.notUsedSince()));
        }
        for (String condition : where) {
            sql.append("\n  AND ").append(condition);
        }
        sql.append("\nORDER BY u.token_id");
        return new Query(sql.toString(), params);
    }
}

package org.tokensuite.query.inventory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.query.projection.StoredText;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads token summaries from the view. The state shown is the effective one: an active or
 * suspended token past its expiry (or a missed rotation deadline) is shown as expired even
 * before its TokenExpired event arrives; last use is usage monitoring's. Never selects a hash.
 */
@Component
public class TokenViewQueries {

    private static final String EFFECTIVE_STATE = "CASE WHEN state IN ('active','suspended') "
            + "AND LEAST(expires_at, expires_unless_rotated_by) <= ? THEN 'expired' ELSE state END";
    private static final String COLUMNS = "token_id, owner_id, name, scopes, " + EFFECTIVE_STATE + " AS effective_state, "
            + "hint, issued_at, not_before, expires_at, last_rotated_at, revoked_at, allowed_cidrs, "
            // Last use by any instance, from usage monitoring's table (not part of the replayable view).
            + "(SELECT u.last_used_at FROM token_usage u WHERE u.token_id = tokens.token_id) AS last_used_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public TokenViewQueries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<TokenSummary> find(String tokenId) {
        List<TokenSummary> found = jdbc.query("SELECT " + COLUMNS + " FROM tokens WHERE token_id = ?", SUMMARY,
                Timestamp.from(clock.instant()), tokenId);
        return found.stream().findFirst();
    }

    /** The token with its version (the aggregate sequence number of its newest event the view has seen). */
    public Optional<VersionedToken> findVersioned(String tokenId) {
        List<VersionedToken> found = jdbc.query("SELECT " + COLUMNS + ", last_sequence FROM tokens WHERE token_id = ?",
                (rs, row) -> new VersionedToken(SUMMARY.mapRow(rs, row), rs.getObject("last_sequence", Long.class)),
                Timestamp.from(clock.instant()), tokenId);
        return found.stream().findFirst();
    }

    public TokenPage find(TokenFilter query) {
        Timestamp now = Timestamp.from(clock.instant());
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (query.ownerId() != null) {
            where.append(" AND owner_id = ?");
            args.add(StoredText.encode(query.ownerId()));
        }
        if (query.state() != null) {
            where.append(" AND ").append(EFFECTIVE_STATE).append(" = ?");
            args.add(now);
            args.add(query.state().json());
        }
        if (query.scope() != null) {
            // Tokens that can act with this scope, as token-api's Scope.covers decides: the scopes that
            // cover it (itself, its system's wildcard, tokens:admin), so the GIN index can answer.
            Scope wanted = Scope.of(query.scope());
            where.append(" AND scope_index && CAST(? AS text[])");
            args.add("{" + wanted.value() + "," + wanted.system() + ":*," + Scope.ADMIN.value() + "}");
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM tokens" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>();
        pageArgs.add(now);
        pageArgs.addAll(args);
        pageArgs.add(query.size());
        pageArgs.add((long) query.page() * query.size());
        List<TokenSummary> items = jdbc.query("SELECT " + COLUMNS + " FROM tokens" + where
                + " ORDER BY issued_at, token_id LIMIT ? OFFSET ?", SUMMARY, pageArgs.toArray());
        return new TokenPage(items, query.page(), query.size(), total == null ? 0 : total);
    }

    /** Text as the events carried it, exactly (see {@link StoredText}). */
    private static final RowMapper<TokenSummary> SUMMARY = (rs, row) -> new TokenSummary(
            text(rs, "token_id"),
            text(rs, "owner_id"),
            text(rs, "name"),
            strings(rs, "scopes"),
            TokenState.fromJson(rs.getString("effective_state")),
            text(rs, "hint"),
            instant(rs, "issued_at"),
            instant(rs, "not_before"),
            instant(rs, "expires_at"),
            instant(rs, "last_rotated_at"),
            instant(rs, "revoked_at"),
            instant(rs, "last_used_at"),
            strings(rs, "allowed_cidrs"));

    private static String text(ResultSet rs, String column) throws SQLException {
        return StoredText.decode(rs.getString(column));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (String value : (String[]) array.getArray()) {
            if (value != null) {
                values.add(StoredText.decode(value));
            }
        }
        values.sort(null);
        return List.copyOf(values);
    }
}

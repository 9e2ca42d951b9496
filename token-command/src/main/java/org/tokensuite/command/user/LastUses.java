package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When each token was last used, as token-query's usage summaries tell ({@code user_tokens.last_used_at}), for a
 * bulk revocation's {@code notUsedSince}. Only ever moves forward, so a summary read twice or out of order changes
 * nothing.
 */
@Component
public class LastUses {

    private final JdbcTemplate jdbc;

    public LastUses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves each token's last use forward to the given instant (rows in token-id order, as bulk revocations lock them). */
    public void record(Map<TokenId, Instant> lastUse) {
        if (lastUse.isEmpty()) {
            return;
        }
        List<Object[]> rows = lastUse.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(TokenId::value))).map(entry -> {
            Timestamp at = Timestamp.from(entry.getValue());
            return new Object[]{at, entry.getKey().value(), at};
        }).toList();
        jdbc.batchUpdate("UPDATE user_tokens SET last_used_at = ? WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                rows);
    }
}

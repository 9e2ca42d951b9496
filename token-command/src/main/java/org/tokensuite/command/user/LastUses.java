package org.tokensuite.command.user;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;

import java.sql.Timestamp;
import java.time.Instant;

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

    public void record(TokenId token, Instant lastUsedAt) {
        Timestamp at = Timestamp.from(lastUsedAt);
        jdbc.update("UPDATE user_tokens SET last_used_at = ? WHERE token_id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                at, token.value(), at);
    }
}

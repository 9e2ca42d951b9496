package org.tokensuite.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.value.TokenId;

import java.util.List;
import java.util.Optional;

/**
 * Every secret hash each token has had, current and superseded, kept with the events (the subscribing
 * {@link UserRegistry} group), so a reported leak finds its token by hash alone. Only hashes: the suite never
 * holds a secret.
 */
@Component
@ProcessingGroup(UserRegistry.PROCESSING_GROUP)
public class SecretHashRegistry {

    private final JdbcTemplate jdbc;
    private final DeferredWrites deferred;

    public SecretHashRegistry(JdbcTemplate jdbc, DeferredWrites deferred) {
        this.jdbc = jdbc;
        this.deferred = deferred;
    }

    @EventHandler
    void on(TokenIssued event) {
        deferred.add("INSERT INTO token_secret_hashes (secret_hash, token_id, current) VALUES (?, ?, true) ON CONFLICT DO NOTHING",
                event.secretHash().value(), event.tokenId().value());
    }

    @EventHandler
    void on(TokenRotated event) {
        // One statement (one round trip): the token's other hashes are superseded, the new one is current.
        jdbc.update("""
                WITH superseded AS (
                    UPDATE token_secret_hashes SET current = false WHERE token_id = ? AND secret_hash <> ?)
                INSERT INTO token_secret_hashes (secret_hash, token_id, current) VALUES (?, ?, true)
                ON CONFLICT (secret_hash) DO UPDATE SET current = true""",
                event.tokenId().value(), event.secretHash().value(), event.secretHash().value(), event.tokenId().value());
    }

    /** The token a secret hash belongs to, and whether it is the token's current secret. */
    public Optional<Match> find(String secretHash) {
        List<Match> rows = jdbc.query("SELECT token_id, current FROM token_secret_hashes WHERE secret_hash = ?",
                (rs, row) -> new Match(new TokenId(rs.getString(1)), rs.getBoolean(2)), secretHash);
        return rows.stream().findFirst();
    }

    public record Match(TokenId tokenId, boolean current) {
    }
}

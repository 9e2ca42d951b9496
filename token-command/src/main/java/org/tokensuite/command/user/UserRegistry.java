package org.tokensuite.command.user;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.springframework.jdbc.support.SqlArrayValue;
import org.tokensuite.api.value.Scope;
import org.tokensuite.command.aggregate.SuspensionReason;
import org.tokensuite.command.unitofwork.PrepareCommitBatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;

/**
 * Keeps {@code users} and {@code user_tokens} in step with the event store. A subscribing
 * processor: it runs inside the transaction that appends the event, so the row and the event
 * commit together (and a failure here rolls the command back).
 */
@Component
@ProcessingGroup(UserRegistry.PROCESSING_GROUP)
public class UserRegistry {

    public static final String PROCESSING_GROUP = "user-registry";
    static final String FINAL_STATE =
            "UPDATE user_tokens SET state = ? WHERE token_id = ? AND state NOT IN ('revoked', 'expired')";

    private final JdbcTemplate jdbc;
    private final DeferredWrites deferred;
    private final PrepareCommitBatch<Object[]> finalStates;

    public UserRegistry(JdbcTemplate jdbc, DeferredWrites deferred) {
        this.jdbc = jdbc;
        this.deferred = deferred;
        this.finalStates = new PrepareCommitBatch<>(UserRegistry.class.getName() + ".final-states",
                states -> jdbc.batchUpdate(FINAL_STATE, states));
    }

    @EventHandler
    void on(TokenIssued event) {
        // The issuing token (null for the system) gives the lineage that reach is judged by.
        String issuedBy = event.actor() == null || event.actor().isSystem() ? null : event.actor().id();
        // Name, scopes and issue time are what a bulk revocation selects by (TokenSelection).
        deferred.add("""
                INSERT INTO user_tokens (user_id, token_id, state, issued_by, name, scopes, issued_at)
                VALUES (?, ?, 'active', ?, ?, ?, ?) ON CONFLICT (token_id) DO NOTHING""",
                event.ownerId().value(), event.tokenId().value(), issuedBy, event.name(),
                scopeArray(event.scopes()), Timestamp.from(event.occurredAt()));
    }

    @EventHandler
    void on(TokenScopesChanged event) {
        jdbc.update("UPDATE user_tokens SET scopes = ? WHERE token_id = ?", scopeArray(event.scopes()), event.tokenId().value());
    }

    @EventHandler
    void on(TokenRevoked event) {
        setFinalState(event.tokenId().value(), "revoked");
    }

    @EventHandler
    void on(TokenExpired event) {
        setFinalState(event.tokenId().value(), "expired");
    }

    @EventHandler
    void on(TokenSuspended event) {
        // As in the aggregate: a hold for investigation is never downgraded to a leave suspension.
        jdbc.update("""
                UPDATE user_tokens SET state = 'suspended',
                       suspended_for = CASE WHEN suspended_for = 'investigation' THEN suspended_for ELSE ? END
                WHERE token_id = ? AND state NOT IN ('revoked', 'expired')""",
                SuspensionReason.of(event.actor()).json(), event.tokenId().value());
    }

    @EventHandler
    void on(TokenReinstated event) {
        jdbc.update("UPDATE user_tokens SET state = 'active', suspended_for = NULL WHERE token_id = ? AND state NOT IN ('revoked', 'expired')",
                event.tokenId().value());
    }

    @EventHandler
    void on(UserOffboarded event) {
        setUserStatus(event.userId().value(), "offboarded", event.occurredAt());
    }

    @EventHandler
    void on(UserLeaveStarted event) {
        setUserStatus(event.userId().value(), "on_leave", event.occurredAt());
    }

    @EventHandler
    void on(UserLeaveEnded event) {
        setUserStatus(event.userId().value(), "active", event.occurredAt());
    }

    private static SqlArrayValue scopeArray(Collection<Scope> scopes) {
        return new SqlArrayValue("text", scopes.stream().map(Scope::value).sorted().toArray());
    }

    /**
     * Final states are written once per batch, when the batch is done (still inside the transaction that appends the
     * events), in one round trip: a bulk revocation's chunk is one batch of hundreds, which was a round trip per
     * token. Each token is its own statement, a probe of the primary key (README, "Queries whose plans cannot go
     * stale"). Final states stay final, whatever order events arrive in.
     */
    private void setFinalState(String tokenId, String state) {
        finalStates.add(CurrentUnitOfWork.get(), new Object[] {state, tokenId});
    }

    private void setUserStatus(String userId, String status, Instant at) {
        // Offboarding is final: nothing brings a user back to issuing tokens.
        jdbc.update("""
                INSERT INTO users (user_id, status, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
                WHERE users.status <> 'offboarded'""", userId, status, Timestamp.from(at));
    }
}

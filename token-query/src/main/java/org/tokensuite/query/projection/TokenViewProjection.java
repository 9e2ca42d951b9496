package org.tokensuite.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenRotationDue;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.Scope;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The token view: one row per token, one per user with a user-wide state. Runs in the
 * {@value #GROUP} pooled streaming processor on the Kafka topic; its JdbcTemplate writes join
 * the transaction in which Axon stores the processor's token, so each event changes the view
 * exactly once even across crashes. Events re-published by the producer (same aggregate sequence
 * number) are recognised and skipped.
 */
@Component
@ProcessingGroup(TokenViewProjection.GROUP)
public class TokenViewProjection {

    public static final String GROUP = "token-view";

    /** Applies only events newer than the row's last one (null sequence = not a domain event: apply). */
    private static final String NEWER = " AND (CAST(? AS bigint) IS NULL OR last_sequence IS NULL OR last_sequence < ?)";
    private static final String TOUCH = "applied_events = applied_events + 1, last_sequence = COALESCE(?, last_sequence), "
            + "updated_at = now()";

    private final JdbcTemplate jdbc;

    public TokenViewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(TokenIssued event, EventMessage<?> message) {
        jdbc.update("INSERT INTO tokens (token_id, owner_id, name, scopes, state, hint, secret_hash, issued_at, "
                        + "not_before, expires_at, rotation_every, rotation_overlap, allowed_cidrs, last_sequence, "
                        + "applied_events, updated_at) VALUES (?, ?, ?, CAST(? AS text[]), 'active', ?, ?, ?, ?, ?, ?, ?, "
                        + "CAST(? AS text[]), ?, 1, now()) ON CONFLICT (token_id) DO NOTHING",
                event.tokenId().value(), event.ownerId().value(), event.name(), scopes(event.scopes()), event.hint(),
                event.secretHash().value(), ts(event.occurredAt()), ts(event.notBefore()), ts(event.expiresAt()),
                event.rotation() == null ? null : event.rotation().every().toString(),
                event.rotation() == null ? null : event.rotation().overlap().toString(),
                cidrs(event.allowedCidrs()), sequence(message));
    }

    @EventHandler
    public void on(TokenScopesChanged event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message, "scopes = CAST(? AS text[])", scopes(event.scopes()));
    }

    @EventHandler
    public void on(TokenRotated event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message,
                "secret_hash = ?, hint = ?, previous_secret_hash = ?, previous_valid_until = ?, "
                        + "last_rotated_at = ?, next_rotation_due = ?, expires_unless_rotated_by = NULL",
                event.secretHash().value(), event.hint(),
                event.previousSecretHash() == null ? null : event.previousSecretHash().value(),
                ts(event.previousValidUntil()), ts(event.occurredAt()), ts(event.nextRotationDue()));
    }

    @EventHandler
    public void on(TokenRotationDue event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message, "next_rotation_due = ?, expires_unless_rotated_by = ?",
                ts(event.dueAt()), ts(event.expiresUnlessRotatedBy()));
    }

    @EventHandler
    public void on(TokenSuspended event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message,
                "suspended_at = CASE WHEN state = 'active' THEN ? ELSE suspended_at END, "
                        + "state = CASE WHEN state = 'active' THEN 'suspended' ELSE state END",
                ts(event.occurredAt()));
    }

    @EventHandler
    public void on(TokenReinstated event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message,
                "suspended_at = CASE WHEN state = 'suspended' THEN NULL ELSE suspended_at END, "
                        + "state = CASE WHEN state = 'suspended' THEN 'active' ELSE state END");
    }

    /** Revoked and expired are final: whichever arrives first stays. */
    @EventHandler
    public void on(TokenRevoked event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message,
                "revoked_at = CASE WHEN state IN ('active','suspended') THEN ? ELSE revoked_at END, "
                        + "state = CASE WHEN state IN ('active','suspended') THEN 'revoked' ELSE state END",
                ts(event.occurredAt()));
    }

    @EventHandler
    public void on(TokenExpired event, EventMessage<?> message) {
        updateToken(event.tokenId().value(), message,
                "expired_at = CASE WHEN state IN ('active','suspended') THEN ? ELSE expired_at END, "
                        + "state = CASE WHEN state IN ('active','suspended') THEN 'expired' ELSE state END",
                ts(event.occurredAt()));
    }

    @EventHandler
    public void on(UserOffboarded event, EventMessage<?> message) {
        updateUser(event.userId().value(), message, "offboarded_at = COALESCE(users.offboarded_at, ?)",
                ts(event.occurredAt()));
    }

    @EventHandler
    public void on(UserLeaveStarted event, EventMessage<?> message) {
        updateUser(event.userId().value(), message, "on_leave_since = ?", ts(event.occurredAt()));
    }

    @EventHandler
    public void on(UserLeaveEnded event, EventMessage<?> message) {
        updateUser(event.userId().value(), message, "on_leave_since = NULL");
    }

    /** Replay starts from an empty view; runs in the same transaction as the processor's token reset. */
    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE tokens, users");
    }

    private void updateToken(String tokenId, EventMessage<?> message, String set, Object... values) {
        Long sequence = sequence(message);
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = tokenId;
        args[values.length + 2] = sequence;
        args[values.length + 3] = sequence;
        jdbc.update("UPDATE tokens SET " + set + ", " + TOUCH + " WHERE token_id = ?" + NEWER, args);
    }

    private void updateUser(String userId, EventMessage<?> message, String set, Object... values) {
        Long sequence = sequence(message);
        jdbc.update("INSERT INTO users (user_id, applied_events, updated_at) VALUES (?, 0, now()) "
                + "ON CONFLICT (user_id) DO NOTHING", userId);
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = userId;
        args[values.length + 2] = sequence;
        args[values.length + 3] = sequence;
        jdbc.update("UPDATE users SET " + set + ", " + TOUCH + " WHERE user_id = ?" + NEWER, args);
    }

    private static Long sequence(EventMessage<?> message) {
        return message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String scopes(Collection<Scope> scopes) {
        return array(scopes == null ? List.of() : scopes.stream().map(Scope::value).sorted().toList());
    }

    private static String cidrs(List<Cidr> cidrs) {
        return array(cidrs == null ? List.of() : cidrs.stream().map(Cidr::value).toList());
    }

    /** A PostgreSQL array literal; scope and CIDR syntax admit no quotes, commas or braces. */
    private static String array(List<String> values) {
        return "{" + String.join(",", values) + "}";
    }
}

package org.tokensuite.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.query.event.TokenChange;
import org.tokensuite.query.event.TokenChangeReader;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
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
    private final TokenChangeReader reader;
    private final Serializer serializer;

    public TokenViewProjection(JdbcTemplate jdbc, TokenChangeReader reader,
                               @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.serializer = serializer;
    }

    /**
     * Every token-api event; the payload is read from its JSON as a {@link TokenChange}, the same
     * tolerant reading the index uses, so view and index agree on every event.
     */
    @EventHandler(payloadType = TokenEvent.class)
    public void on(EventMessage<?> message) throws IOException {
        SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
        TokenChange change = reader.read(payload.getType().getName(), payload.getData());
        if (change == null) {
            return;
        }
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        switch (change.type()) {
            case TOKEN_ISSUED -> issued(change, sequence);
            case TOKEN_SCOPES_CHANGED ->
                    updateToken(change, sequence, "scopes = CAST(? AS text[])", array(sorted(change.scopes())));
            case TOKEN_ROTATED -> updateToken(change, sequence,
                    "secret_hash = ?, hint = ?, previous_secret_hash = ?, previous_valid_until = ?, "
                            + "last_rotated_at = ?, next_rotation_due = ?, expires_unless_rotated_by = NULL",
                    change.secretHash(), change.hint(), change.previousSecretHash(), ts(change.previousValidUntil()),
                    ts(change.occurredAt()), ts(change.nextRotationDue()));
            case TOKEN_ROTATION_DUE -> updateToken(change, sequence,
                    "next_rotation_due = ?, expires_unless_rotated_by = ?",
                    ts(change.dueAt()), ts(change.expiresUnlessRotatedBy()));
            case TOKEN_SUSPENDED -> updateToken(change, sequence,
                    "suspended_at = CASE WHEN state = 'active' THEN ? ELSE suspended_at END, "
                            + "state = CASE WHEN state = 'active' THEN 'suspended' ELSE state END",
                    ts(change.occurredAt()));
            case TOKEN_REINSTATED -> updateToken(change, sequence,
                    "suspended_at = CASE WHEN state = 'suspended' THEN NULL ELSE suspended_at END, "
                            + "state = CASE WHEN state = 'suspended' THEN 'active' ELSE state END");
            // Revoked and expired are final: whichever arrives first stays.
            case TOKEN_REVOKED -> updateToken(change, sequence,
                    "revoked_at = CASE WHEN state IN ('active','suspended') THEN ? ELSE revoked_at END, "
                            + "state = CASE WHEN state IN ('active','suspended') THEN 'revoked' ELSE state END",
                    ts(change.occurredAt()));
            case TOKEN_EXPIRED -> updateToken(change, sequence,
                    "expired_at = CASE WHEN state IN ('active','suspended') THEN ? ELSE expired_at END, "
                            + "state = CASE WHEN state IN ('active','suspended') THEN 'expired' ELSE state END",
                    ts(change.occurredAt()));
            case USER_OFFBOARDED -> updateUser(change, sequence, "offboarded_at = COALESCE(offboarded_at, ?)",
                    ts(change.occurredAt()));
            case USER_LEAVE_STARTED -> updateUser(change, sequence, "on_leave_since = ?", ts(change.occurredAt()));
            case USER_LEAVE_ENDED -> updateUser(change, sequence, "on_leave_since = NULL");
        }
    }

    private void issued(TokenChange event, Long sequence) {
        jdbc.update("INSERT INTO tokens (token_id, owner_id, name, scopes, state, hint, secret_hash, issued_at, "
                        + "not_before, expires_at, rotation_every, rotation_overlap, allowed_cidrs, last_sequence, "
                        + "applied_events, updated_at) VALUES (?, ?, ?, CAST(? AS text[]), 'active', ?, ?, ?, ?, ?, ?, ?, "
                        + "CAST(? AS text[]), ?, 1, now()) ON CONFLICT (token_id) DO NOTHING",
                event.tokenId(), event.ownerId(), event.name(), array(sorted(event.scopes())), event.hint(),
                event.secretHash(), ts(event.occurredAt()), ts(event.notBefore()), ts(event.expiresAt()),
                event.rotationEvery(), event.rotationOverlap(), array(event.allowedCidrs()), sequence);
    }

    /** Replay starts from an empty view; runs in the same transaction as the processor's token reset. */
    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE tokens, users");
    }

    private void updateToken(TokenChange change, Long sequence, String set, Object... values) {
        String tokenId = change.tokenId();
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = tokenId;
        args[values.length + 2] = sequence;
        args[values.length + 3] = sequence;
        jdbc.update("UPDATE tokens SET " + set + ", " + TOUCH + " WHERE token_id = ?" + NEWER, args);
    }

    private void updateUser(TokenChange change, Long sequence, String set, Object... values) {
        String userId = change.ownerId();
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

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().sorted().toList();
    }

    /** A PostgreSQL array literal; scope and CIDR syntax admit no quotes, commas or braces. */
    private static String array(List<String> values) {
        return values == null ? "{}" : "{" + String.join(",", values) + "}";
    }
}

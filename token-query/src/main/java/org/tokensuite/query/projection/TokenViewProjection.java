package org.tokensuite.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.Objects;

/**
 * The token view: one row per token, one per user with a user-wide state. Runs in the
 * {@value #GROUP} pooled streaming processor on the Kafka topic; its writes go to the database
 * together at the end of the processor's batch ({@link ViewWrites}), in the transaction in which
 * Axon stores the processor's token, so each event changes the view exactly once even across crashes. Events re-published by the producer (same aggregate sequence
 * number) are recognised and skipped.
 * <p>
 * A token's row keeps the aggregate sequence number of the token's newest event it has seen
 * ({@code last_sequence}, the token's version), also of events that change nothing in it (expiry
 * warnings), so a read that must not be older than a version token-command answered can tell when
 * the row has reached it; waiting readers are told after each commit ({@link ViewChanges}).
 */
@Component
@ProcessingGroup(TokenViewProjection.GROUP)
public class TokenViewProjection {

    public static final String GROUP = "token-view";

    private static final Logger log = LoggerFactory.getLogger(TokenViewProjection.class);

    /** Applies only events newer than the row's last one (null sequence = not a domain event: apply). */
    private static final String NEWER = " AND (CAST(? AS bigint) IS NULL OR last_sequence IS NULL OR last_sequence < ?)";
    private static final String TOUCH = "applied_events = applied_events + 1, last_sequence = COALESCE(?, last_sequence), "
            + "updated_at = now()";

    /** The token aggregate's type, as the Kafka record's Axon headers carry it. */
    private static final String TOKEN_AGGREGATE = "Token";

    private final JdbcTemplate jdbc;
    private final ViewWrites writes;
    private final TokenChangeReader reader;
    private final Serializer serializer;
    private final ViewChanges changes;
    private final Counter unreadable;

    public TokenViewProjection(JdbcTemplate jdbc, ViewWrites writes, TokenChangeReader reader,
                               @Qualifier("eventSerializer") Serializer serializer, ViewChanges changes,
                               MeterRegistry meters) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.reader = reader;
        this.serializer = serializer;
        this.changes = changes;
        this.unreadable = Counter.builder("tokens.view.unreadable")
                .description("events the token view skipped because their payload is not a readable token event")
                .register(meters);
    }

    /**
     * Every token-api event; the payload is read from its JSON as a {@link TokenChange}, the same
     * tolerant reading the index uses, so view and index agree on every event. No content stops the
     * processor: text of any kind is stored exactly ({@link StoredText}); a payload that is not a
     * readable event at all is skipped and counted, as the index skips it (retrying could never succeed).
     */
    @EventHandler(payloadType = TokenEvent.class)
    public void on(EventMessage<?> message) {
        TokenChange change;
        try {
            SerializedObject<byte[]> payload = message.serializePayload(serializer, byte[].class);
            change = reader.read(payload.getType().getName(), payload.getData(), message.getTimestamp());
        } catch (IOException | RuntimeException e) {
            unreadable.increment();
            log.warn("token view skipped event {}: not a readable token event ({})", message.getIdentifier(),
                    e.getClass().getSimpleName());
            advanceVersion(message);
            return;
        }
        if (change == null) {
            advanceVersion(message);
            return;
        }
        Long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : null;
        if (!change.type().isUserWide() && change.tokenId() != null) {
            tellAfterCommit(change.tokenId());
        }
        switch (change.type()) {
            case TOKEN_ISSUED -> issued(change, sequence);
            case TOKEN_SCOPES_CHANGED -> updateToken(change, sequence,
                    "scopes = CAST(? AS text[]), scope_index = CAST(? AS text[])",
                    array(sorted(change.scopes())), array(indexable(change.scopes())));
            case TOKEN_ROTATED -> updateToken(change, sequence,
                    "secret_hash = ?, hint = ?, previous_secret_hash = ?, previous_valid_until = ?, "
                            + "last_rotated_at = ?, next_rotation_due = ?, expires_unless_rotated_by = NULL",
                    text(change.secretHash()), text(change.hint()), text(change.previousSecretHash()),
                    ts(change.previousValidUntil()),
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
        writes.update("INSERT INTO tokens (token_id, owner_id, name, scopes, scope_index, state, hint, secret_hash, "
                        + "issued_at, not_before, expires_at, rotation_every, rotation_overlap, allowed_cidrs, last_sequence, "
                        + "applied_events, updated_at) VALUES (?, ?, ?, CAST(? AS text[]), CAST(? AS text[]), 'active', ?, ?, "
                        + "?, ?, ?, ?, ?, CAST(? AS text[]), ?, 1, now()) ON CONFLICT ((md5(token_id))) DO NOTHING",
                text(event.tokenId()), text(event.ownerId()), text(event.name()), array(sorted(event.scopes())),
                array(indexable(event.scopes())), text(event.hint()), text(event.secretHash()), ts(event.occurredAt()),
                ts(event.notBefore()), ts(event.expiresAt()), text(event.rotationEvery()), text(event.rotationOverlap()),
                array(event.allowedCidrs()), sequence);
    }

    /** A token's event the view does not show (an expiry warning): only the row's version moves. */
    private void advanceVersion(EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?> domain && TOKEN_AGGREGATE.equals(domain.getType())
                && domain.getAggregateIdentifier() != null) {
            writes.update("UPDATE tokens SET last_sequence = ? WHERE token_id = ? AND (last_sequence IS NULL OR last_sequence < ?)",
                    domain.getSequenceNumber(), text(domain.getAggregateIdentifier()), domain.getSequenceNumber());
            tellAfterCommit(domain.getAggregateIdentifier());
        }
    }

    private void tellAfterCommit(String tokenId) {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(committed -> changes.changed(tokenId)));
    }

    /** Replay starts from an empty view; runs in the same transaction as the processor's token reset. */
    @ResetHandler
    public void reset() {
        jdbc.execute("TRUNCATE tokens, users");
    }

    private void updateToken(TokenChange change, Long sequence, String set, Object... values) {
        String tokenId = text(change.tokenId());
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = tokenId;
        args[values.length + 2] = sequence;
        args[values.length + 3] = sequence;
        writes.update("UPDATE tokens SET " + set + ", " + TOUCH + " WHERE token_id = ?" + NEWER, args);
    }

    private void updateUser(TokenChange change, Long sequence, String set, Object... values) {
        String userId = text(change.ownerId());
        writes.update("INSERT INTO users (user_id, applied_events, updated_at) VALUES (?, 0, now()) "
                + "ON CONFLICT ((md5(user_id))) DO NOTHING", userId);
        Object[] args = new Object[values.length + 4];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = sequence;
        args[values.length + 1] = userId;
        args[values.length + 2] = sequence;
        args[values.length + 3] = sequence;
        writes.update("UPDATE users SET " + set + ", " + TOUCH + " WHERE user_id = ?" + NEWER, args);
    }

    /** Inside PostgreSQL's timestamptz range (4713 BC – 294276 AD), with a margin; an instant beyond it is stored at the nearest end rather than stop the view. */
    private static final Instant EARLIEST = Instant.parse("-4000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+294000-01-01T00:00:00Z");
    /** Longer values cannot be scopes (a scope is at most 97 characters); they stay out of the scope filter's index. */
    private static final int MAX_INDEXED_SCOPE = 200;

    private static Timestamp ts(Instant instant) {
        if (instant == null) {
            return null;
        }
        return Timestamp.from(instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant);
    }

    private static String text(String value) {
        return StoredText.encode(value);
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).sorted().toList();
    }

    private static List<String> indexable(List<String> values) {
        return sorted(values).stream().filter(value -> value.length() <= MAX_INDEXED_SCOPE).toList();
    }

    private static String array(List<String> values) {
        return StoredText.array(values);
    }
}

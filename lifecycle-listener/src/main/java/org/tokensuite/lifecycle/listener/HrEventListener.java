package org.tokensuite.lifecycle.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Cause;
import org.tokensuite.lifecycle.command.CommandAccepted;
import org.tokensuite.lifecycle.command.CommandRefused;
import org.tokensuite.lifecycle.command.CommandUnauthorized;
import org.tokensuite.lifecycle.command.CommandUnavailable;
import org.tokensuite.lifecycle.command.ReservedPrincipalRefused;
import org.tokensuite.lifecycle.command.UserLifecycleClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns HR events into token-command commands. Returning normally commits the record's offset
 * (ack mode RECORD); throwing leaves it uncommitted, and the container's error handler reads it
 * again after a backoff, for as long as it takes: an HR event is never dropped.
 */
@Component
public class HrEventListener {

    private static final Logger log = LoggerFactory.getLogger(HrEventListener.class);
    static final String RESERVED_PRINCIPAL_REASON = "subject is one of the suite's own principals; refusing to act on it";

    private final CloudEventReader reader;
    private final ProcessedEvents processed;
    private final UserLifecycleClient commands;
    private final DeadLetters deadLetters;
    private final HrEventMetrics metrics;

    public HrEventListener(CloudEventReader reader, ProcessedEvents processed, UserLifecycleClient commands,
                           DeadLetters deadLetters, HrEventMetrics metrics) {
        this.reader = reader;
        this.processed = processed;
        this.commands = commands;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @KafkaListener(id = "hr-events", topics = "${lifecycle.topic}", groupId = "${spring.kafka.consumer.group-id}")
    public void onRecord(ConsumerRecord<byte[], byte[]> record) {
        CloudEvent event;
        try {
            event = reader.read(record.value());
        } catch (PoisonEvent poison) {
            deadLetter(record, HrEventMetrics.TYPE_INVALID, poison.reason());
            return;
        }
        Optional<HrEventType> type = HrEventType.of(event.type());
        if (type.isEmpty()) {
            log.info("skipping HR event {} of a type the listener does not handle", event.id());
            metrics.consumed(HrEventMetrics.TYPE_OTHER, Outcome.SKIPPED_UNKNOWN_TYPE);
            return;
        }
        if (processed.contains(event.id())) {
            log.info("HR event {} was applied before; not applying it again", event.id());
            metrics.consumed(type.get(), Outcome.DUPLICATE);
            return;
        }
        apply(record, event, type.get());
    }

    private void apply(ConsumerRecord<byte[], byte[]> record, CloudEvent event, HrEventType type) {
        Cause cause = new Cause(type.description() + " (HR event " + event.id() + ")", "hr:" + event.id());
        CommandAccepted accepted;
        try {
            accepted = commands.apply(type.action(), event.subject(), cause);
        } catch (ReservedPrincipalRefused e) {
            log.error("HR event {} asks to {} {}, one of the suite's own principals; dead-lettered, nothing sent",
                    event.id(), type.action().pathSegment(), event.subject());
            deadLetter(record, type.cloudEventType(), RESERVED_PRINCIPAL_REASON, Outcome.REFUSED_PRINCIPAL);
            return;
        } catch (CommandRefused refused) {
            deadLetter(record, type.cloudEventType(), "token-command refused the " + type.action().pathSegment()
                    + " command with " + refused.status() + (refused.detail() == null ? "" : ": " + refused.detail()));
            return;
        } catch (CommandUnauthorized e) {
            // Alert-worthy: nothing will be applied until an operator fixes the listener's token.
            log.error("HR event {} waits: {}", event.id(), e.getMessage());
            throw e;
        } catch (CommandUnavailable e) {
            log.warn("HR event {} waits for token-command: {}", event.id(), e.getMessage());
            throw e;
        }
        // A crash before this insert replays the event; token-command ignores the repeated correlation id.
        processed.record(event);
        metrics.consumed(type, Outcome.APPLIED);
        event.occurredAt().ifPresent(at -> metrics.lag(Duration.between(at, Instant.now())));
        log.info("HR event {} applied: {} {} ({} tokens affected)", event.id(), type.action().pathSegment(),
                event.subject(), accepted.affectedTokens());
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String typeTag, String reason) {
        deadLetter(record, typeTag, reason, Outcome.DEAD_LETTERED);
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String typeTag, String reason, Outcome outcome) {
        deadLetters.publish(record, reason);
        metrics.consumed(typeTag, outcome);
        log.warn("record {}-{}@{} dead-lettered: {}", record.topic(), record.partition(), record.offset(), reason);
    }
}

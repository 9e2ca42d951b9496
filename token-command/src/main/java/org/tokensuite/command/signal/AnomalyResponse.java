package org.tokensuite.command.signal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.SuspendToken;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.command.aggregate.TokenView;

import java.util.Optional;

/**
 * Suspends a token when token-query reports an anomaly whose rule is configured to suspend.
 * Durable: the offset is committed only after the suspension is stored, so a crash means the
 * signal is read again; the aggregate ignores a system suspension it already made for the same
 * correlation id ({@code anomaly:<message id>}), so a redelivered signal has no second effect.
 * Other signal types on the topic are skipped.
 */
@Component
public class AnomalyResponse {

    public static final String GROUP_ID = "token-command-anomaly-response";
    static final Actor ACTOR = Actor.system("anomaly-response");

    private static final Logger log = LoggerFactory.getLogger(AnomalyResponse.class);
    private static final int MAX_RULE_LENGTH = 100;

    private final CommandGateway commands;
    private final KafkaMessageConverter<String, byte[]> converter;

    public AnomalyResponse(CommandGateway commands, KafkaMessageConverter<String, byte[]> converter) {
        this.commands = commands;
        this.converter = converter;
    }

    @KafkaListener(id = GROUP_ID, groupId = GROUP_ID, topics = "${tokens.signals.topic}",
            autoStartup = "${tokens.signals.enabled}")
    void on(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        anomaly(record).filter(Signal::suspendRequested).ifPresent(this::suspend);
        // Failures other than those handled above propagate: the container retries the record, unacknowledged.
        ack.acknowledge();
    }

    private void suspend(Signal signal) {
        try {
            TokenView token = commands.sendAndWait(new SuspendToken(signal.anomaly().tokenId(), ACTOR, signal.cause()));
            // "suspended" also when it already was, or the signal was a repeat: the aggregate decides.
            log.info("anomaly {} ({}) on token {}: token is {}", signal.anomaly().rule(), signal.cause().correlationId(),
                    signal.anomaly().tokenId(), token.state().json());
        } catch (AggregateNotFoundException e) {
            // Retrying cannot make an unknown token appear.
            log.warn("anomaly {} names unknown token {}: skipped", signal.cause().correlationId(), signal.anomaly().tokenId());
        }
    }

    private Optional<Signal> anomaly(ConsumerRecord<String, byte[]> record) {
        Optional<EventMessage<?>> message = converter.readKafkaMessage(record);
        if (message.isEmpty() || !TokenAnomalyDetected.class.equals(message.get().getPayloadType())) {
            return Optional.empty();
        }
        try {
            TokenAnomalyDetected anomaly = (TokenAnomalyDetected) message.get().getPayload();
            if (anomaly == null || anomaly.tokenId() == null || anomaly.rule() == null) {
                throw new IllegalArgumentException("no token id or rule");
            }
            String rule = anomaly.rule().length() > MAX_RULE_LENGTH ? anomaly.rule().substring(0, MAX_RULE_LENGTH) : anomaly.rule();
            return Optional.of(new Signal(anomaly, new Cause("anomaly: " + rule, "anomaly:" + message.get().getIdentifier())));
        } catch (RuntimeException e) {
            // A malformed signal never becomes valid: skip it rather than block the partition.
            log.warn("unreadable anomaly signal at {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private record Signal(TokenAnomalyDetected anomaly, Cause cause) {
        boolean suspendRequested() {
            return anomaly.suspendRequested();
        }
    }
}

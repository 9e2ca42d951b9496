package org.tokensuite.command.publish;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher sends a whole batch before it waits, and a batch whose records the broker did not all take is not
 * committed (so its tracking token is not stored and the batch is published again).
 */
class BatchAcknowledgedPublisherTest {

    private final MockProducer<String, byte[]> broker = new MockProducer<>(false, new StringSerializer(), new ByteArraySerializer());
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();

    private ProducerFactory<String, byte[]> producers(ConfirmationMode mode) {
        return new ProducerFactory<>() {
            @Override
            public Producer<String, byte[]> createProducer() {
                return broker;
            }

            @Override
            public ConfirmationMode confirmationMode() {
                return mode;
            }

            @Override
            public void shutDown() {
            }
        };
    }

    private BatchAcknowledgedPublisher<String, byte[]> publisher(ProducerFactory<String, byte[]> producers, Duration ackTimeout) {
        return new BatchAcknowledgedPublisher<>(serializer, producers,
                DefaultKafkaMessageConverter.builder().serializer(serializer).build(), NoOpMessageMonitor.INSTANCE,
                event -> Optional.of("token-events"), ackTimeout);
    }

    private BatchAcknowledgedPublisher<String, byte[]> publisher(Duration ackTimeout) {
        return publisher(producers(ConfirmationMode.WAIT_FOR_ACK), ackTimeout);
    }

    @Test
    void everyRecordOfABatchIsSentBeforeAnyAcknowledgementIsAwaited() {
        BatchAcknowledgedPublisher<String, byte[]> publisher = publisher(Duration.ofSeconds(5));
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        AtomicBoolean committed = new AtomicBoolean();
        batch.onCommit(u -> committed.set(true));

        for (int i = 0; i < 3; i++) {
            publisher.send(GenericEventMessage.asEventMessage("event " + i));
        }
        assertThat(broker.history()).as("sent without waiting for the broker in between").hasSize(3);

        for (int i = 0; i < 3; i++) {
            broker.completeNext();
        }
        batch.commit();
        assertThat(committed).isTrue();
    }

    @Test
    void aRecordTheBrokerRefusedRollsTheBatchBack() {
        BatchAcknowledgedPublisher<String, byte[]> publisher = publisher(Duration.ofSeconds(5));
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        AtomicBoolean tokenStored = new AtomicBoolean();
        AtomicBoolean rolledBack = new AtomicBoolean();
        batch.onCommit(u -> tokenStored.set(true));
        batch.onRollback(u -> rolledBack.set(true));

        publisher.send(GenericEventMessage.asEventMessage("taken"));
        publisher.send(GenericEventMessage.asEventMessage("refused"));
        broker.completeNext();
        broker.errorNext(new IllegalStateException("not leader for partition"));

        assertThatThrownBy(batch::commit).isInstanceOf(EventPublicationFailedException.class);
        assertThat(tokenStored).as("the batch's tracking token is not stored").isFalse();
        assertThat(rolledBack).isTrue();
    }

    @Test
    void aBatchTheBrokerNeverAcknowledgedIsNotCommitted() {
        BatchAcknowledgedPublisher<String, byte[]> publisher = publisher(Duration.ofMillis(50));
        DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        AtomicBoolean tokenStored = new AtomicBoolean();
        batch.onCommit(u -> tokenStored.set(true));

        publisher.send(GenericEventMessage.asEventMessage("unanswered"));

        assertThatThrownBy(batch::commit).isInstanceOf(EventPublicationFailedException.class)
                .hasMessageContaining("did not acknowledge");
        assertThat(tokenStored).isFalse();
    }

    @Test
    void aTransactionalProducerFactoryIsRefused() {
        assertThatThrownBy(() -> publisher(producers(ConfirmationMode.TRANSACTIONAL), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

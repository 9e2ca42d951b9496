package org.tokensuite.command.publish;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.Serializer;
import org.tokensuite.command.unitofwork.PrepareCommitBatch;


import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events as the Axon Kafka extension does in wait-for-ack mode, but without a broker round trip per
 * event: the extension waits for each record's acknowledgement before the next is sent, which made the publisher
 * the slowest step of a bulk revocation (thousands of events queued behind one round trip each). Here every record
 * of the processor's batch is sent at once, and their acknowledgements are awaited together when the batch's unit
 * of work prepares to commit, that is before its tracking token is stored. A record the broker does not take in
 * time fails the unit of work, the token stays where it was and the batch is published again: at least once, as
 * before, and consumers drop repeats by event id.
 */
public class BatchAcknowledgedPublisher<K, V> extends KafkaPublisher<K, V> {

    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final MessageMonitor<? super EventMessage<?>> monitor;
    private final TopicResolver topics;
    private final Duration ackTimeout;
    private final PrepareCommitBatch<Pending> awaiting =
            new PrepareCommitBatch<>(BatchAcknowledgedPublisher.class.getName() + ".pending", this::awaitAll);

    private record Pending(Future<RecordMetadata> acknowledgement, MessageMonitor.MonitorCallback callback) {
    }

    public BatchAcknowledgedPublisher(Serializer serializer, ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter,
                                      MessageMonitor<? super EventMessage<?>> monitor, TopicResolver topics, Duration ackTimeout) {
        super(KafkaPublisher.<K, V>builder().serializer(serializer).producerFactory(producers).messageConverter(converter)
                .messageMonitor(monitor).topicResolver(topics).publisherAckTimeout(ackTimeout.toMillis()));
        if (producers.confirmationMode().isTransactional()) {
            // Transactions are the extension's own path (a transaction per event); this publisher only waits for acks.
            throw new IllegalArgumentException("BatchAcknowledgedPublisher needs a non-transactional producer factory");
        }
        this.producers = producers;
        this.converter = converter;
        this.monitor = monitor;
        this.topics = topics;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        MessageMonitor.MonitorCallback callback = monitor.onMessageIngested(event);
        // Non-transactional: the factory hands out one shared producer that lives as long as the factory itself.
        Producer<K, V> producer = producers.createProducer();
        Future<RecordMetadata> acknowledgement;
        try {
            acknowledgement = producer.send(converter.createKafkaMessage(event, topic.get()));
        } catch (RuntimeException e) {
            callback.reportFailure(e);
            throw new EventPublicationFailedException("Event publication failed: the record could not be sent", e);
        }
        Pending pending = new Pending(acknowledgement, callback);
        if (!CurrentUnitOfWork.isStarted()) {
            awaitAll(List.of(pending));
            return;
        }
        awaiting.add(CurrentUnitOfWork.get().root(), pending);
    }

    private void awaitAll(List<Pending> pending) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Pending one : pending) {
            try {
                one.acknowledgement().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                one.callback().reportSuccess();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                one.callback().reportFailure(e);
                throw new EventPublicationFailedException("Interrupted while waiting for the broker's acknowledgement", e);
            } catch (ExecutionException | TimeoutException e) {
                one.callback().reportFailure(e);
                throw new EventPublicationFailedException("Event publication failed: the broker did not acknowledge in time", e);
            }
        }
    }
}

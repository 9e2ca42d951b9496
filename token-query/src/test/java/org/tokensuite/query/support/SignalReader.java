package org.tokensuite.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.testsupport.TestKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads token-query's usage and signal topics from the beginning, as their consumers do: Axon's
 * DefaultKafkaMessageConverter with a Jackson serializer, into token-api's typed records (so a
 * test also proves the records are readable as published). Remembers each record's key.
 */
public final class SignalReader implements AutoCloseable {

    public record Received(String key, TokenEvent event) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder().objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())).build())
            .build();
    private final List<Received> received = new ArrayList<>();

    public SignalReader(String... topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private synchronized List<Received> poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            EventMessage<?> message = converter.readKafkaMessage(record).orElseThrow();
            received.add(new Received(record.key(), (TokenEvent) message.getPayload()));
        }
        return List.copyOf(received);
    }

    public List<Received> all() {
        return poll();
    }

    public List<TokenUsageSummarized> usage(String tokenId) {
        return poll().stream().map(Received::event).filter(e -> e instanceof TokenUsageSummarized s
                && s.tokenId().value().equals(tokenId)).map(TokenUsageSummarized.class::cast).toList();
    }

    public List<TokenUseRefused> refusals(String tokenId) {
        return poll().stream().map(Received::event).filter(e -> e instanceof TokenUseRefused r
                && r.tokenId().value().equals(tokenId)).map(TokenUseRefused.class::cast).toList();
    }

    public List<TokenAnomalyDetected> anomalies(String tokenId, String rule) {
        return poll().stream().map(Received::event).filter(e -> e instanceof TokenAnomalyDetected a
                && a.tokenId().value().equals(tokenId) && a.rule().equals(rule)).map(TokenAnomalyDetected.class::cast).toList();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}

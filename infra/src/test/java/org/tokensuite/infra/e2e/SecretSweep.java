package org.tokensuite.infra.e2e;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.tokensuite.infra.Databases;
import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaPrincipal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Everything the suite stored or wrote, as text to search: log files, every column of every
 * table of a database (bytea decoded as UTF-8, the way Axon keeps event payloads), every record
 * (key, value, headers) of a topic from its beginning. Each place is one {@link Text}.
 */
final class SecretSweep {

    /** Where a text came from, and the text. */
    record Text(String where, String content) {
    }

    private SecretSweep() {
    }

    static List<Text> logFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Text> texts = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // ISO-8859-1 maps every byte to one char, so nothing in the file is lost to decoding.
                texts.add(new Text(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One text per table: every row, every column (bytea as UTF-8), of every table outside the catalogs. */
    static List<Text> database(Databases databases, String name) {
        List<Text> texts = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databases.urlOf(name), databases.user(), databases.password());
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                    + " WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add('"' + rs.getString(1) + "\".\"" + rs.getString(2) + '"');
                }
            }
            for (String table : tables) {
                StringBuilder content = new StringBuilder();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            content.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                                    : String.valueOf(value)).append('\t');
                        }
                        content.append('\n');
                    }
                }
                texts.add(new Text(name + "." + table, content.toString()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading database " + name + ": " + e.getMessage(), e);
        }
        return texts;
    }

    /** One text per topic: every record from offset 0 to the end offsets seen at the start (read as suite-admin). */
    static Text topic(KafkaAccess kafka, String topic) {
        Properties properties = new Properties();
        properties.putAll(kafka.clientProperties(KafkaPrincipal.ADMIN));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        StringBuilder content = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    content.append(text(record.key())).append('\t').append(text(record.value()));
                    for (Header header : record.headers()) {
                        content.append('\t').append(header.key()).append('=').append(text(header.value()));
                    }
                    content.append('\n');
                }
            }
        }
        return new Text("topic " + topic, content.toString());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}

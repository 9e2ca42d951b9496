package org.tokensuite.audit.progress;

import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a processor stands, as committed: the Kafka positions in its tracking tokens (tokenentry,
 * written in the same transaction as the rows they cover), read without claiming them. A
 * position is the offset of the last record handled in that partition.
 */
@Repository
public class CommittedPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public CommittedPositions(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    public Map<TopicPartition, Long> of(String processor) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ? AND token IS NOT NULL", rs -> {
            TrackingToken token = serializer.deserialize(
                    new SimpleSerializedObject<>(rs.getBytes("token"), byte[].class, rs.getString("tokentype"), null));
            KafkaTrackingToken kafka = KafkaTrackingToken.from(token);
            kafka.getPositions().forEach((partition, offset) -> positions.merge(partition, offset, Math::max));
        }, processor);
        return positions;
    }
}

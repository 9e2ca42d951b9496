package org.tokensuite.audit.progress;

import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
            Object token = serializer.deserialize(
                    new SimpleSerializedObject<>(rs.getBytes("token"), byte[].class, rs.getString("tokentype"), null));
            if (!(token instanceof TrackingToken tracking)) {
                throw new IllegalStateException("processor " + processor + " holds a " + rs.getString("tokentype")
                        + ", not a tracking token");
            }
            // A fresh processor holds a replay token with no position yet: nothing handled so far.
            Optional<KafkaTrackingToken> kafka = WrappedToken.unwrap(tracking, KafkaTrackingToken.class);
            kafka.ifPresent(k -> k.getPositions().forEach((partition, offset) -> positions.merge(partition, offset, Math::max)));
        }, processor);
        return positions;
    }
}

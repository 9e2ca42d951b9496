package org.tokensuite.query.health;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/** A reader of the event topic whose progress {@link ProcessorWatch} watches. */
public interface WatchedProcessor {

    /** The {@code processor} tag and health detail name. */
    String name();

    /**
     * The next offset the processor will apply, per partition of the topic, as far as it has applied
     * (a partition missing: nothing applied there yet). May throw when it cannot be known right now.
     */
    Map<TopicPartition, Long> positions();

    /** The class name of the last error the processor met, or null. Never a message: it could hold data. */
    String lastError();
}

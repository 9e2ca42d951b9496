package org.tokensuite.query.health;

import org.apache.kafka.common.TopicPartition;
import org.tokensuite.query.index.IndexProgress;

import java.util.Map;

/** The in-memory index's feeder ({@code token-index}) as a watched processor. */
class IndexFeederWatch implements WatchedProcessor {

    static final String NAME = "token-index";

    private final IndexProgress progress;

    IndexFeederWatch(IndexProgress progress) {
        this.progress = progress;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<TopicPartition, Long> positions() {
        return progress.positions();
    }

    @Override
    public String lastError() {
        return progress.lastError();
    }
}

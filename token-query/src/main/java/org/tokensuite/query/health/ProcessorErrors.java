package org.tokensuite.query.health;

import org.axonframework.eventhandling.ErrorHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last handler error of each Axon event processor, by class name: what a stalled processor's
 * health detail names. {@link #recordingBatches} wraps a processor's error handler for its batches, which
 * fail both when a handler fails (propagated) and when the batch's commit does.
 */
public class ProcessorErrors {

    private final Map<String, String> last = new ConcurrentHashMap<>();

    /** Records the class of a batch's failure (one its handlers raised, or its commit) under {@code processor}, then lets {@code delegate} decide. */
    public ErrorHandler recordingBatches(String processor, ErrorHandler delegate) {
        return context -> {
            last.put(processor, context.error().getClass().getName());
            delegate.handleError(context);
        };
    }

    void record(String processor, Throwable error) {
        last.put(processor, error.getClass().getName());
    }

    String last(String processor) {
        return last.get(processor);
    }
}

package org.tokensuite.query.health;

import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last handler error of each Axon event processor, by class name: what a stalled processor's
 * health detail names. {@link #recording} wraps a processor's error handler for its handlers,
 * {@link #recordingBatches} the one for its batches.
 */
public class ProcessorErrors {

    private final Map<String, String> last = new ConcurrentHashMap<>();

    /** Records the error's class under {@code processor}, then lets {@code delegate} decide (e.g. propagate: retry). */
    public ListenerInvocationErrorHandler recording(String processor, ListenerInvocationErrorHandler delegate) {
        return (Exception exception, EventMessage<?> event, EventMessageHandler listener) -> {
            last.put(processor, exception.getClass().getName());
            delegate.onError(exception, event, listener);
        };
    }

    /** Records the class of a batch's failure (one its handlers raised, or its commit) under {@code processor}, then lets {@code delegate} decide. */
    public ErrorHandler recordingBatches(String processor, ErrorHandler delegate) {
        return context -> {
            last.put(processor, rootOf(context.error()).getClass().getName());
            delegate.handleError(context);
        };
    }

    /** What failed: Axon may wrap a failure at commit in its own exception. */
    private static Throwable rootOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof org.axonframework.common.AxonException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    void record(String processor, Throwable error) {
        last.put(processor, error.getClass().getName());
    }

    String last(String processor) {
        return last.get(processor);
    }
}

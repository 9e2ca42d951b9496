package org.tokensuite.query.health;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last handler error of each Axon event processor, by class name: what a stalled processor's
 * health detail names. {@link #recording} wraps a processor's error handler.
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

    void record(String processor, Throwable error) {
        last.put(processor, error.getClass().getName());
    }

    String last(String processor) {
        return last.get(processor);
    }
}

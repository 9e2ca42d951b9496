package org.tokensuite.audit.progress;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last error each processor's handlers or batch commits raised, so a stall can be reported with its cause. */
@Component
public class ProcessorErrors {

    private final Map<String, Throwable> last = new ConcurrentHashMap<>();

    public void record(String processor, Throwable error) {
        last.put(processor, rootOf(error));
    }

    /** What failed: Axon may wrap a failure at commit in its own exception. */
    private static Throwable rootOf(Throwable error) {
        Throwable cause = error;
        while (cause instanceof org.axonframework.common.AxonException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public Throwable last(String processor) {
        return last.get(processor);
    }
}

package org.tokensuite.audit.progress;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The last error each processor's batches failed with (a handler's error, or the commit's), so a stall can be reported with its cause. */
@Component
public class ProcessorErrors {

    private final Map<String, Throwable> last = new ConcurrentHashMap<>();

    public void record(String processor, Throwable error) {
        last.put(processor, error);
    }

    public Throwable last(String processor) {
        return last.get(processor);
    }
}

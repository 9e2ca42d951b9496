package org.tokensuite.audit.progress;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health component {@code processors} (part of readiness): DOWN while any processor is stalled,
 * naming it and its last error class, so a stuck projector is never reported as healthy.
 */
@Component
public class ProcessorsHealthIndicator implements HealthIndicator {

    private final ProcessorProgress progress;

    public ProcessorsHealthIndicator(ProcessorProgress progress) {
        this.progress = progress;
    }

    @Override
    public Health health() {
        List<String> stalled = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (String processor : progress.processors()) {
            ProcessorState state = progress.state(processor);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("lagEvents", state.lagEvents());
            detail.put("lagSeconds", state.lagSeconds());
            detail.put("stalled", state.stalled());
            if (state.lastError() != null) {
                detail.put("lastError", state.lastError());
            }
            details.put(processor, detail);
            if (state.stalled()) {
                stalled.add(processor + " stalled for " + state.sinceAdvance().withNanos(0) + " with "
                        + state.lagEvents() + " records waiting; last error: "
                        + (state.lastError() == null ? "none recorded" : state.lastError()));
            }
        }
        Health.Builder health = stalled.isEmpty() ? Health.up()
                : Health.status(new Status(Status.DOWN.getCode(), String.join("; ", stalled)));
        return health.withDetails(details).build();
    }
}

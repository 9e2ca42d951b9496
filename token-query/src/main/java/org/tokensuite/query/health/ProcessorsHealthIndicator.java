package org.tokensuite.query.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health "processors" (in the readiness group): DOWN while any reader of the event topic is stalled,
 * naming it and the class of its last error. Details hold counts and class names only, never data.
 */
@Component("processorsHealthIndicator") // reported as "processors"
public class ProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final ProcessorWatch watch;

    public ProcessorsHealthIndicator(ProcessorWatch watch) {
        this.watch = watch;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean stalled = false;
        StringBuilder reason = new StringBuilder();
        for (ProcessorState state : watch.states()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stalled", state.stalled());
            details.put("lagEvents", state.lagEvents());
            details.put("lagSeconds", state.lagSeconds());
            details.put("notAdvancedForSeconds", state.idleSeconds());
            details.put("lastError", state.lastError());
            builder.withDetail(state.name(), details);
            if (state.stalled()) {
                stalled = true;
                reason.append(reason.isEmpty() ? "" : "; ").append(state.name()).append(" is stalled (")
                        .append(state.lagEvents()).append(" events behind, last error ").append(state.lastError()).append(')');
            }
        }
        if (stalled) {
            builder.down().withDetail("reason", reason.toString());
        } else {
            builder.up();
        }
    }
}

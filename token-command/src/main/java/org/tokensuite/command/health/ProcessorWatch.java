package org.tokensuite.command.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last sampled progress of every processor and consumer of token-command, as a readiness
 * indicator (DOWN while any is stalled, naming it and its last error class) and as gauges
 * {@code tokens.processor.lag.events}, {@code tokens.processor.lag.seconds} and
 * {@code tokens.processor.stalled}, tagged with the processor's name.
 */
@Component("processors")
public class ProcessorWatch implements HealthIndicator {

    private final Map<String, ProcessorProgress> progress = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public ProcessorWatch(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(ProcessorProgress sample) {
        if (progress.put(sample.processor(), sample) == null) {
            String name = sample.processor();
            Gauge.builder("tokens.processor.lag.events", progress, p -> value(p, name, ProcessorProgress::lagEvents))
                    .tag("processor", name).description("events waiting for this processor").register(meters);
            Gauge.builder("tokens.processor.lag.seconds", progress, p -> value(p, name, ProcessorProgress::lagSeconds))
                    .tag("processor", name).description("age of the oldest event waiting for this processor").register(meters);
            Gauge.builder("tokens.processor.stalled", progress, p -> value(p, name, s -> s.stalled() ? 1 : 0))
                    .tag("processor", name).description("1 while the processor has work but has not advanced").register(meters);
        }
    }

    private static double value(Map<String, ProcessorProgress> all, String name,
                                java.util.function.ToLongFunction<ProcessorProgress> field) {
        ProcessorProgress sample = all.get(name);
        return sample == null ? 0 : field.applyAsLong(sample);
    }

    ProcessorProgress get(String processor) {
        return progress.get(processor);
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean stalled = false;
        for (ProcessorProgress sample : progress.values()) {
            Map<String, Object> detail = new TreeMap<>();
            detail.put("lagEvents", sample.lagEvents());
            detail.put("lagSeconds", sample.lagSeconds());
            detail.put("stalled", sample.stalled());
            if (sample.lastError() != null) {
                detail.put("lastError", sample.lastError());
            }
            details.put(sample.processor(), detail);
            stalled |= sample.stalled();
        }
        return (stalled ? Health.down() : Health.up()).withDetails(details).build();
    }
}

package org.tokensuite.lifecycle.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The listener's meters. Type tags are only the known HR types, {@code other} (unknown type) or
 * {@code invalid} (poison): a tag never takes a value from the record, which would let any
 * producer grow the registry without bound.
 */
@Component
public class HrEventMetrics {

    public static final String EVENTS = "lifecycle.hr.events";
    public static final String RETRIES = "lifecycle.hr.retries";
    public static final String LAG = "lifecycle.hr.lag";
    public static final String TYPE_OTHER = "other";
    public static final String TYPE_INVALID = "invalid";

    private final MeterRegistry registry;
    private final Timer lag;

    public HrEventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder(LAG)
                .description("From the HR event's time to token-command's acceptance of the command")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void consumed(HrEventType type, Outcome outcome) {
        consumed(type.cloudEventType(), outcome);
    }

    public void consumed(String typeTag, Outcome outcome) {
        Counter.builder(EVENTS)
                .description("HR event records consumed, by type and outcome")
                .tag("type", typeTag)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    public void retried(String reason) {
        Counter.builder(RETRIES)
                .description("Attempts to apply an HR event that failed and will be retried")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void lag(Duration duration) {
        lag.record(duration.isNegative() ? Duration.ZERO : duration);
    }
}

package org.tokensuite.lifecycle.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The suite's processor gauges for the HR consumer, registered at start so they exist at all
 * times (0 until the first sample): events waiting, age of the oldest, stalled (1) or not (0).
 */
@Component
public class ProcessorGauges {

    public static final String LAG_EVENTS = "tokens.processor.lag.events";
    public static final String LAG_SECONDS = "tokens.processor.lag.seconds";
    public static final String STALLED = "tokens.processor.stalled";

    public ProcessorGauges(ConsumerProgress progress, MeterRegistry registry) {
        Gauge.builder(LAG_EVENTS, progress, p -> p.status().lagEvents())
                .description("HR events not yet committed on the partitions this instance consumes")
                .tag("processor", ConsumerProgress.PROCESSOR)
                .register(registry);
        Gauge.builder(LAG_SECONDS, progress, p -> p.status().lagSeconds())
                .description("Age of the oldest HR event not yet committed; 0 when caught up")
                .baseUnit("seconds")
                .tag("processor", ConsumerProgress.PROCESSOR)
                .register(registry);
        Gauge.builder(STALLED, progress, p -> p.status().stalled() ? 1 : 0)
                .description("1 when the HR consumer has had work without advancing for longer than tokens.health.stall-after")
                .tag("processor", ConsumerProgress.PROCESSOR)
                .register(registry);
    }
}

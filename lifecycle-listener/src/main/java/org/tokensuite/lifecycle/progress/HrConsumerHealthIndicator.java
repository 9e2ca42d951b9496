package org.tokensuite.lifecycle.progress;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the HR consumer (health component {@code hrConsumer}, part of the readiness group):
 * DOWN while it is stalled, with its name, what waits and the last error, so a consumer stuck on
 * e.g. a rejected LIFECYCLE_COMMAND_TOKEN is loud. Only reports: the consumer keeps retrying.
 */
@Component("hrConsumer")
public class HrConsumerHealthIndicator implements HealthIndicator {

    private final ConsumerProgress progress;
    private final HealthProperties properties;
    private final String topic;

    public HrConsumerHealthIndicator(ConsumerProgress progress, HealthProperties properties,
                                     @Value("${lifecycle.topic}") String topic) {
        this.progress = progress;
        this.properties = properties;
        this.topic = topic;
    }

    @Override
    public Health health() {
        ConsumerStatus status = progress.status();
        Health.Builder health = status.stalled() ? Health.down() : Health.up();
        health.withDetail("processor", status.processor())
                .withDetail("topic", topic)
                .withDetail("lagEvents", status.lagEvents())
                .withDetail("lagSeconds", status.lagSeconds())
                .withDetail("stalled", status.stalled());
        if (status.stalled()) {
            health.withDetail("reason", "consumer " + status.processor() + " has " + status.lagEvents()
                            + " event(s) waiting and has not advanced for " + status.stalledFor().toSeconds()
                            + " s (limit " + properties.stallAfter().toSeconds() + " s); it keeps retrying")
                    .withDetail("stalledPartitions", status.stalledPartitions());
        }
        ConsumerFailure failure = status.lastFailure();
        if (failure != null) {
            health.withDetail("lastError", failure.errorClass())
                    .withDetail("lastErrorReason", failure.reason())
                    .withDetail("lastErrorAt", failure.at().toString());
        }
        if (status.sampleError() != null) {
            health.withDetail("sampleError", status.sampleError());
        }
        return health.build();
    }
}

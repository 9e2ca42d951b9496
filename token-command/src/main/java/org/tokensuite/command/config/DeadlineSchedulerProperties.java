package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code tokens.deadlines.*}: how the persistent deadline scheduler polls its table. */
@ConfigurationProperties("tokens.deadlines")
public record DeadlineSchedulerProperties(
        @DefaultValue("PT5S") Duration pollingInterval,
        @DefaultValue("4") int threads,
        @DefaultValue("PT10S") Duration shutdownMaxWait) {
}

package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code tokens.deadlines.*}: how the persistent deadline scheduler polls its table, and under which name. */
@ConfigurationProperties("tokens.deadlines")
public record DeadlineSchedulerProperties(
        @DefaultValue("PT5S") Duration pollingInterval,
        @DefaultValue("4") int threads,
        @DefaultValue("PT10S") Duration shutdownMaxWait,
        /**
         * The name this instance's scheduler marks the deadlines it picks with (db-scheduler's
         * {@code picked_by}); empty: host name and HTTP port, so two instances on one host differ.
         */
        @DefaultValue("") String schedulerName) {
}

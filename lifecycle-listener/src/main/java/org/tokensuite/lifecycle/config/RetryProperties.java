package org.tokensuite.lifecycle.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** Backoff between attempts to apply an HR event token-command did not accept yet; attempts never run out. */
@ConfigurationProperties("lifecycle.retry")
public record RetryProperties(Duration initialInterval, double multiplier, Duration maxInterval) {

    public RetryProperties {
        initialInterval = initialInterval == null ? Duration.ofSeconds(1) : initialInterval;
        multiplier = multiplier < 1.0 ? 2.0 : multiplier;
        maxInterval = maxInterval == null ? Duration.ofSeconds(60) : maxInterval;
    }
}

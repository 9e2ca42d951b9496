package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code tokens.service-accounts.*}: the grace period of an orphaned service account. */
@ConfigurationProperties(prefix = "tokens.service-accounts")
public record ServiceAccountProperties(Duration gracePeriod) {
}

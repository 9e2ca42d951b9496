package org.tokensuite.audit.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code tokens.audit.*}: paging and export limits, and the policy the reports check against. */
@ConfigurationProperties("tokens.audit")
public record AuditProperties(int pageLimitDefault, int pageLimitMax, int exportFetchSize, Reports reports) {

    public AuditProperties {
        if (pageLimitDefault <= 0 || pageLimitMax < pageLimitDefault || exportFetchSize <= 0) {
            throw new IllegalArgumentException("tokens.audit page limits and fetch size must be positive, default <= max");
        }
    }

    public record Reports(Duration maxTtl, Duration offboardingGrace, Duration staleAfter) {
    }
}

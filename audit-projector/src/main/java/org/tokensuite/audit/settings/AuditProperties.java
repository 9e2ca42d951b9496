package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code tokens.audit.*}: paging and export limits, the policy the reports check against, the topics read. */
@ConfigurationProperties("tokens.audit")
public record AuditProperties(int pageLimitDefault, int pageLimitMax, int exportFetchSize, Reports reports,
                              Topics topics) {

    public AuditProperties {
        if (pageLimitDefault <= 0 || pageLimitMax < pageLimitDefault || exportFetchSize <= 0) {
            throw new IllegalArgumentException("tokens.audit page limits and fetch size must be positive, default <= max");
        }
    }

    /** events and signals feed the hash chain; usage feeds last use per token. */
    public record Topics(String events, String signals, String usage) {
    }

    public record Reports(Duration maxTtl, Duration offboardingGrace, Duration staleAfter) {
    }
}

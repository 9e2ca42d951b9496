package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code tokens.audit.read-your-writes.*}: a read of a token's entries with {@code X-Not-Older-Than} waits at most
 * {@code maxWait} for the log to reach that version (then 503), looks again every {@code recheckInterval} when no
 * commit of this instance wakes it, and at most {@code maxWaiting} such reads wait at once (more are answered 503 at
 * once: each waiting read holds a request thread).
 */
@ConfigurationProperties("tokens.audit.read-your-writes")
public record ReadYourWritesProperties(Duration maxWait, Duration recheckInterval, int maxWaiting) {

    public ReadYourWritesProperties {
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("tokens.audit.read-your-writes.max-wait must be between PT0S and PT30S");
        }
        if (recheckInterval == null || recheckInterval.toMillis() < 10) {
            throw new IllegalArgumentException("tokens.audit.read-your-writes.recheck-interval must be at least 10 ms");
        }
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("tokens.audit.read-your-writes.max-waiting must be at least 1");
        }
    }
}

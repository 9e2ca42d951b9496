package org.tokensuite.query.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.signal.DetectionQueue;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.Verdict;
import org.tokensuite.query.verification.Verification;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Records every verification of a known token, on the request thread, in memory only (the
 * {@link UsageWindow}): an active one is a use (count, last time, last source address, scopes the
 * caller said it checks); any other verdict is a refused attempt. A use that may matter to anomaly
 * detection (first use seen here, a source address not among the token's last few, a long gap) is
 * handed to the bounded {@link DetectionQueue}, never waited for. Malformed and unknown tokens
 * have no token to attribute: they are only counted ({@code tokens.introspection.unrecognized}).
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class UsageRecorder implements IntrospectionObserver {

    private final UsageWindow window;
    private final DetectionQueue detection;
    private final Clock clock;
    private final int maxCheckedScopes;
    private final long dormantMillis;
    private final Counter malformed;
    private final Counter unknown;

    public UsageRecorder(UsageWindow window, DetectionQueue detection, Clock clock, TokensProperties properties,
                         MeterRegistry meters) {
        this.window = window;
        this.detection = detection;
        this.clock = clock;
        this.maxCheckedScopes = properties.usage().maxCheckedScopes();
        this.dormantMillis = properties.anomaly().dormantReuse().after().toMillis();
        this.malformed = Counter.builder("tokens.introspection.unrecognized").tag("reason", "malformed")
                .description("presented tokens that are not well formed (no token to attribute)").register(meters);
        this.unknown = Counter.builder("tokens.introspection.unrecognized").tag("reason", "unknown")
                .description("well-formed tokens the index does not know").register(meters);
    }

    @Override
    public void introspected(Verification verification, Supplier<String> clientAddress, String checkedScopes) {
        Verdict verdict = verification.verdict();
        TokenRecord token = verification.token();
        if (token == null) {
            (verdict == Verdict.MALFORMED ? malformed : unknown).increment();
            return;
        }
        if (!token.hasCanonicalIds()) {
            return; // its summaries and signals could not name it (token-api ids), nor could the usage tables
        }
        long now = clock.millis();
        UsageCell cell = window.cell(token);
        String source = clientAddress.get();
        if (verdict == Verdict.ACTIVE) {
            long previous = cell.lastUsedMillis;
            cell.used(now, source, checkedScopes, maxCheckedScopes);
            if (cell.isNewSource(source) || previous == 0 || now - previous >= dormantMillis) {
                detection.offer(token, source, previous, now);
            }
        } else {
            cell.refused(RefusalReasons.of(verdict), source, now);
        }
    }
}

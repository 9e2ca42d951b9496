package org.tokensuite.query.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.signal.Anomaly;
import org.tokensuite.query.signal.AnomalyDetector;
import org.tokensuite.query.signal.AnomalyReporter;
import org.tokensuite.query.signal.SignalPublisher;
import org.tokensuite.query.signal.TokenActivity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One usage window ({@code tokens.usage.flush-interval}; run by {@link UsageFlushSchedule}): drains
 * the {@link UsageWindow}, writes it to the database in one transaction, then publishes one
 * {@link TokenUsageSummarized} per used token on the usage topic, the {@link TokenUseRefused} now due
 * on the signals topic, and reports what the anomaly rules find in each token's counts. When the
 * database write fails the uses are put back for the next window and no summary is published for
 * this one (refusals and anomalies are still reported).
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class UsageFlush {

    private static final Logger log = LoggerFactory.getLogger(UsageFlush.class);

    private final UsageWindow window;
    private final UsageStore store;
    private final SignalPublisher publisher;
    private final AnomalyDetector detector;
    private final AnomalyReporter anomalies;
    private final TokensProperties properties;
    private final Clock clock;
    private final Counter failures;
    private Instant windowStart;
    private Instant lastPrune = Instant.EPOCH;

    public UsageFlush(UsageWindow window, UsageStore store, SignalPublisher publisher, AnomalyDetector detector,
                      AnomalyReporter anomalies, TokensProperties properties, Clock clock, MeterRegistry meters) {
        this.window = window;
        this.store = store;
        this.publisher = publisher;
        this.detector = detector;
        this.anomalies = anomalies;
        this.properties = properties;
        this.clock = clock;
        this.windowStart = clock.instant();
        this.failures = Counter.builder("tokens.usage.flush.failures")
                .description("usage flushes whose database write failed (counts kept for the next one)").register(meters);
    }

    /** One window: drain, store, publish. Also called directly (tests, shutdown); never concurrently. */
    public synchronized void flush() {
        Instant now = clock.instant();
        DrainedWindow drained = window.drain(windowStart, now);
        List<Anomaly> found = new ArrayList<>();
        for (TokenActivity.Window counts : drained.activity()) {
            detector.judge(counts, found::add);
        }
        boolean prune = now.isAfter(lastPrune.plus(1, ChronoUnit.HOURS));
        boolean stored;
        try {
            store.write(drained.rows(), prune, now);
            stored = true;
        } catch (RuntimeException e) {
            window.putBack(drained);
            failures.increment();
            stored = false;
            log.warn("usage flush failed, counts kept for the next window: {}", e.toString());
        }
        if (stored) {
            windowStart = now;
            if (prune) {
                lastPrune = now;
            }
            publishSummaries(drained);
        }
        // Signals do not depend on the database write: a refusal counted is always reported.
        for (DrainedWindow.Refusal refusal : drained.refusals()) {
            publisher.publish(properties.topics().signals(), new TokenUseRefused(
                    new TokenId(refusal.token().tokenId()), new UserId(refusal.token().owner().id()), refusal.reason(),
                    refusal.source(), refusal.attempts(), refusal.firstAttemptAt(), SignalPublisher.ACTOR,
                    Cause.of("refused use: " + refusal.reason()), now));
        }
        anomalies.reportAll(found);
    }

    private void publishSummaries(DrainedWindow drained) {
        String usageTopic = properties.topics().usage();
        for (UsageRow row : drained.rows()) {
            if (row.uses() > 0) {
                publisher.publish(usageTopic, new TokenUsageSummarized(new TokenId(row.tokenId()),
                        new UserId(row.ownerId()), drained.start(), drained.end(), row.uses(), row.lastUsedAt(),
                        row.lastSource(), row.scopesChecked(), SignalPublisher.ACTOR, Cause.of("usage window"),
                        drained.end()));
            }
        }
    }
}

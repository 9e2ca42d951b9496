package org.tokensuite.query.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenUsageSummarized;
import org.tokensuite.api.event.TokenUseRefused;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.config.TokensProperties;
import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.signal.AnomalyReporter;
import org.tokensuite.query.signal.SignalPublisher;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Every {@code tokens.usage.flush-interval} (one window), on its own thread: drains the in-memory
 * tallies, writes them to the database in one transaction, then publishes one
 * {@link TokenUsageSummarized} per used token on the usage topic, at most one
 * {@link TokenUseRefused} per token per {@code tokens.signals.refusal-interval} on the signals topic,
 * and judges the count-based anomaly rules ({@code rate_spike}, {@code outside_allowed_cidrs}).
 * When the database write fails the counts are put back for the next window and no summary is
 * published for this one (refusals and anomalies are still reported).
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class UsageFlusher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageFlusher.class);
    private static final int MAX_SOURCE_LENGTH = 64;
    /** Shutdown waits this long for the last window; with the database gone it would wait a connection timeout per write. */
    private static final long LAST_FLUSH_WAIT_SECONDS = 5;

    private final UsageRecorder recorder;
    private final UsageStore store;
    private final SignalPublisher publisher;
    private final AnomalyReporter anomalies;
    private final TokensProperties properties;
    private final Clock clock;
    private final Counter failures;
    private final double alpha;
    private List<UsageCell> retired = List.of();
    private Instant windowStart;
    private Instant lastPrune = Instant.EPOCH;
    private volatile ScheduledExecutorService scheduler;

    public UsageFlusher(UsageRecorder recorder, UsageStore store, SignalPublisher publisher, AnomalyReporter anomalies,
                        TokensProperties properties, Clock clock, MeterRegistry meters) {
        this.recorder = recorder;
        this.store = store;
        this.publisher = publisher;
        this.anomalies = anomalies;
        this.properties = properties;
        this.clock = clock;
        this.windowStart = clock.instant();
        this.alpha = RateBaseline.alpha(properties.anomaly().rateSpike().baseline().toMinutes());
        this.failures = Counter.builder("tokens.usage.flush.failures")
                .description("usage flushes whose database write failed (counts kept for the next one)").register(meters);
    }

    /** One window: drain, store, publish. Also called directly (tests, shutdown); never concurrently. */
    public synchronized void flush() {
        Instant now = clock.instant();
        Instant start = windowStart;
        Instant minute = start.truncatedTo(ChronoUnit.MINUTES);
        long nowMillis = now.toEpochMilli();
        List<UsageRow> rows = new ArrayList<>();
        Map<UsageCell, Long> drained = new HashMap<>();
        List<TokenUseRefused> refusals = new ArrayList<>();
        List<Runnable> anomalyReports = new ArrayList<>();
        List<UsageCell> nowRetired = new ArrayList<>();
        ConcurrentHashMap<TokenRecord, UsageCell> cells = recorder.cells();
        List<UsageCell> all = new ArrayList<>(cells.values());
        all.addAll(retired);
        long idleMillis = properties.usage().idleEviction().toMillis();
        for (UsageCell cell : all) {
            long uses = cell.uses.sumThenReset();
            Map<String, Long> checks = drainChecks(cell);
            if (uses > 0 || !checks.isEmpty()) {
                drained.put(cell, uses);
                rows.add(row(cell, uses, minute, checks));
            }
            if (uses > 0) {
                rateSpike(cell, minute, uses, now, anomalyReports);
            }
            refusals(cell, nowMillis, now, refusals, anomalyReports);
            if (!cell.retired && cell.isIdle(nowMillis, idleMillis)) {
                cell.retired = true;
                cells.remove(cell.token, cell);
                nowRetired.add(cell); // drained once more next time: a request may still hold it
            }
        }
        retired = nowRetired;
        boolean prune = now.isAfter(lastPrune.plus(1, ChronoUnit.HOURS));
        boolean stored;
        try {
            store.write(rows, prune, now);
            stored = true;
        } catch (RuntimeException e) {
            drained.forEach((cell, uses) -> cell.uses.add(uses));
            failures.increment();
            stored = false;
            log.warn("usage flush failed, counts kept for the next window: {}", e.toString());
        }
        if (stored) {
            windowStart = now;
            if (prune) {
                lastPrune = now;
            }
            String usageTopic = properties.topics().usage();
            for (UsageRow row : rows) {
                if (row.uses() > 0) {
                    publisher.publish(usageTopic, new TokenUsageSummarized(new TokenId(row.tokenId()),
                            new UserId(row.ownerId()), start, now, row.uses(), row.lastUsedAt(), row.lastSource(),
                            row.scopesChecked(), SignalPublisher.ACTOR, Cause.of("usage window"), now));
                }
            }
        }
        // Signals do not depend on the database write: a refusal counted is always reported.
        for (TokenUseRefused refusal : refusals) {
            publisher.publish(properties.topics().signals(), refusal);
        }
        for (int i = 0; i < anomalyReports.size(); i++) {
            try {
                anomalyReports.get(i).run();
            } catch (DataAccessException e) {
                // Each further report would wait a connection timeout for the same outage.
                log.warn("anomaly reports skipped ({} of {}): the database is unavailable: {}",
                        anomalyReports.size() - i, anomalyReports.size(), e.toString());
                break;
            } catch (RuntimeException e) {
                log.warn("anomaly report failed: {}", e.toString());
            }
        }
    }

    private static Map<String, Long> drainChecks(UsageCell cell) {
        ConcurrentHashMap<String, AtomicLong> map = cell.checks.getAndSet(null);
        if (map == null) {
            return Map.of();
        }
        Map<String, Long> checks = new HashMap<>();
        map.forEach((scopes, at) -> checks.put(scopes, at.get()));
        return checks;
    }

    private static UsageRow row(UsageCell cell, long uses, Instant minute, Map<String, Long> checks) {
        TokenRecord token = cell.token;
        Map<String, Instant> held = new HashMap<>();
        TreeSet<String> checked = new TreeSet<>();
        checks.forEach((values, at) -> {
            for (String value : values.split(" ")) {
                if (!Scope.isValid(value)) {
                    continue; // callers' hints are not trusted input
                }
                checked.add(value);
                Scope granting = granting(token, Scope.of(value));
                if (granting != null) {
                    held.merge(granting.value(), Instant.ofEpochMilli(at), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
        });
        String source = cell.lastSource;
        if (source != null && source.length() > MAX_SOURCE_LENGTH) {
            source = source.substring(0, MAX_SOURCE_LENGTH);
        }
        return new UsageRow(token.tokenId(), token.owner().id(), uses, Instant.ofEpochMilli(cell.lastUsedMillis), source,
                minute, held, checked);
    }

    /**
     * The held scope a check used, by token-api's {@link Scope#covers}: the scope itself if held,
     * else the system wildcard, else tokens:admin (the narrowest grant that allowed it); null if none.
     */
    static Scope granting(TokenRecord token, Scope wanted) {
        Scope best = null;
        for (Scope held : token.scopes().scopes()) {
            if (!held.covers(wanted)) {
                continue;
            }
            if (held.equals(wanted)) {
                return held;
            }
            if (best == null || best.equals(Scope.ADMIN)) {
                best = held;
            }
        }
        return best;
    }

    private void rateSpike(UsageCell cell, Instant minute, long uses, Instant now, List<Runnable> reports) {
        TokensProperties.RateSpike rule = properties.anomaly().rateSpike();
        double before = cell.rate.average();
        cell.rate.add(minute.getEpochSecond() / 60, uses, alpha);
        if (rule.enabled() && cell.rate.isSpike(rule.factor(), rule.floor(), rule.minHistory().toMinutes())) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("minute", minute.toString());
            evidence.put("observedPerMinute", Long.toString(cell.rate.currentCount()));
            evidence.put("baselinePerMinute", String.format(java.util.Locale.ROOT, "%.2f", cell.rate.average()));
            evidence.put("factor", Double.toString(rule.factor()));
            evidence.put("floor", Long.toString(rule.floor()));
            evidence.put("sourceAddress", String.valueOf(cell.lastSource));
            reports.add(() -> anomalies.report(cell.token, AnomalyReporter.RATE_SPIKE, evidence, now));
        }
    }

    private void refusals(UsageCell cell, long nowMillis, Instant now, List<TokenUseRefused> signals,
                          List<Runnable> reports) {
        RefusalTally tally = cell.refusals.get();
        if (tally == null) {
            return;
        }
        TokensProperties.Rule outside = properties.anomaly().outsideAllowedCidrs();
        long outsideAttempts = tally.drainOutsideAllowedCidrs();
        if (outsideAttempts > 0 && outside.enabled()) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("sourceAddress", String.valueOf(tally.outsideSource));
            evidence.put("allowedCidrs", cell.token.allowedCidrs() == null ? ""
                    : Arrays.stream(cell.token.allowedCidrs()).map(Cidr::value).collect(Collectors.joining(" ")));
            evidence.put("attempts", Long.toString(outsideAttempts));
            reports.add(() -> anomalies.report(cell.token, AnomalyReporter.OUTSIDE_ALLOWED_CIDRS, evidence, now));
        }
        if (tally.pending() == 0
                || nowMillis - cell.lastRefusalSignalMillis < properties.signals().refusalInterval().toMillis()) {
            return;
        }
        long first = tally.firstMillis;
        long attempts = tally.drainAttempts();
        tally.firstMillis = 0;
        cell.lastRefusalSignalMillis = nowMillis;
        TokenRecord token = cell.token;
        String source = tally.source;
        if (source != null && source.length() > MAX_SOURCE_LENGTH) {
            source = source.substring(0, MAX_SOURCE_LENGTH);
        }
        signals.add(new TokenUseRefused(new TokenId(token.tokenId()), new UserId(token.owner().id()), tally.reason,
                source, attempts, Instant.ofEpochMilli(first == 0 ? nowMillis : first), SignalPublisher.ACTOR,
                Cause.of("refused use: " + tally.reason), now));
    }

    @Override
    public void start() {
        long every = properties.usage().flushInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("usage flush failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = scheduler;
        if (current == null) {
            return;
        }
        scheduler = null;
        // The last window (what was counted since the last flush), on the flusher's daemon thread and
        // bounded, so a database or broker outage cannot hold up the service's shutdown.
        Future<?> last = current.submit(this::flushQuietly);
        current.shutdown();
        try {
            last.get(LAST_FLUSH_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("usage: the last flush did not finish within {}s; its counts are not stored", LAST_FLUSH_WAIT_SECONDS);
        } catch (ExecutionException e) {
            log.warn("usage: the last flush failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Stops before the database and producer go away (higher phase stops first). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}

package org.tokensuite.query.signal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tokensuite.query.config.TokensProperties;
import org.tokensuite.query.index.TokenRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The anomaly rules that need to see individual uses: {@code new_network} and
 * {@code dormant_reuse}. Request threads hand over only uses that may matter (first seen here, new
 * source address, long gap) through a bounded lock-free queue; when it is full the use is dropped
 * and counted ({@code tokens.usage.detection.dropped}): introspection never waits for detection.
 * One background thread drains it and may use the database. ({@code rate_spike} and
 * {@code outside_allowed_cidrs} are judged from the aggregated counts at each usage flush.)
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class AnomalyDetector implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnomalyDetector.class);
    /** Tokens whose known networks are cached; beyond this the least recently used are reloaded when needed. */
    private static final int CACHED_TOKENS = 100_000;
    private static final int NETWORKS_PER_TOKEN = 256;

    private record Use(TokenRecord token, String source, long previousMillis, long nowMillis) {
    }

    private final ConcurrentLinkedQueue<Use> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Counter dropped;
    private final SignalStore store;
    private final AnomalyReporter reporter;
    private final TokensProperties.NewNetwork newNetwork;
    private final TokensProperties.DormantReuse dormant;
    private final Map<TokenRecord, Set<String>> networks = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TokenRecord, Set<String>> eldest) {
            return size() > CACHED_TOKENS;
        }
    };
    private volatile boolean running;
    private Thread thread;

    public AnomalyDetector(SignalStore store, AnomalyReporter reporter, TokensProperties properties, MeterRegistry meters) {
        this.store = store;
        this.reporter = reporter;
        this.capacity = properties.usage().detectionQueueCapacity();
        this.newNetwork = properties.anomaly().newNetwork();
        this.dormant = properties.anomaly().dormantReuse();
        this.dropped = Counter.builder("tokens.usage.detection.dropped")
                .description("uses not examined for anomalies because the detection queue was full").register(meters);
    }

    /** Request thread: never blocks, never throws. {@code previousMillis} is 0 when this instance saw no earlier use. */
    public void offer(TokenRecord token, String source, long previousMillis, long nowMillis) {
        if (!newNetwork.enabled() && !dormant.enabled()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(new Use(token, source, previousMillis, nowMillis));
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "token-anomaly-detector");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            Use use = queue.poll();
            if (use == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            queued.decrementAndGet();
            try {
                examine(use);
            } catch (RuntimeException e) {
                // Detection is advisory: a database hiccup must not stop it for every later use.
                log.warn("anomaly detection skipped a use of token {}: {}", use.token().tokenId(), e.toString());
            }
        }
    }

    private void examine(Use use) {
        Set<String> known = networks.get(use.token());
        if (known == null) {
            known = store.networks(use.token().tokenId());
            networks.put(use.token(), known);
        }
        Instant now = Instant.ofEpochMilli(use.nowMillis());
        if (dormant.enabled()) {
            dormantReuse(use, now);
        }
        if (newNetwork.enabled()) {
            newNetwork(use, known, now);
        }
    }

    private void dormantReuse(Use use, Instant now) {
        long after = dormant.after().toMillis();
        if (use.previousMillis() > 0 && use.nowMillis() - use.previousMillis() < after) {
            return;
        }
        Instant lastUse = use.previousMillis() > 0 ? Instant.ofEpochMilli(use.previousMillis()) : store.lastUsedAt(use.token().tokenId());
        if (lastUse != null && !lastUse.isBefore(now)) {
            return; // the flush already stored this (or a later) use: the earlier last use is not known any more
        }
        Instant basis = lastUse != null ? lastUse : Instant.ofEpochSecond(use.token().issuedAt());
        Duration idle = Duration.between(basis, now);
        if (idle.toMillis() < after) {
            return;
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(lastUse != null ? "lastUsedAt" : "neverUsedSinceIssuedAt", basis.toString());
        evidence.put("idleFor", idle.withNanos(0).toString());
        evidence.put("threshold", dormant.after().toString());
        evidence.put("sourceAddress", String.valueOf(use.source()));
        reporter.report(use.token(), AnomalyReporter.DORMANT_REUSE, evidence, now);
    }

    private void newNetwork(Use use, Set<String> known, Instant now) {
        String network = Networks.of(use.source(), newNetwork.ipv4Prefix(), newNetwork.ipv6Prefix());
        if (network == null || known.contains(network)) {
            return;
        }
        boolean firstEver = known.isEmpty();
        Set<String> before = new HashSet<>(known);
        if (known.size() < NETWORKS_PER_TOKEN) {
            known.add(network);
        }
        if (store.addNetwork(use.token().tokenId(), network, now) && !firstEver) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("network", network);
            evidence.put("sourceAddress", use.source());
            evidence.put("knownNetworks", String.join(" ", before.stream().sorted().limit(20).toList()));
            if (use.previousMillis() > 0) {
                evidence.put("previousUseAt", Instant.ofEpochMilli(use.previousMillis()).toString());
            }
            reporter.report(use.token(), AnomalyReporter.NEW_NETWORK, evidence, now);
        }
    }
}

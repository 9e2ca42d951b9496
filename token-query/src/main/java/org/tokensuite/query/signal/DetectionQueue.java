package org.tokensuite.query.signal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenRecord;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Uses waiting for the rules that judge uses one by one ({@code new_network}, {@code dormant_reuse}).
 * Request threads hand over only uses that may matter (first seen here, new source address, long
 * gap) through a bounded lock-free queue; when it is full the use is dropped and counted
 * ({@code tokens.usage.detection.dropped}): introspection never waits for detection. One
 * background thread ({@code token-anomaly-detector}) judges them and reports what it finds; it may
 * use the database.
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class DetectionQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DetectionQueue.class);

    private final ConcurrentLinkedQueue<TokenActivity.Use> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Counter dropped;
    private final AnomalyDetector detector;
    private final AnomalyReporter reporter;
    private volatile boolean running;
    private Thread thread;

    public DetectionQueue(AnomalyDetector detector, AnomalyReporter reporter, TokensProperties properties,
                          MeterRegistry meters) {
        this.detector = detector;
        this.reporter = reporter;
        this.capacity = properties.usage().detectionQueueCapacity();
        this.dropped = Counter.builder("tokens.usage.detection.dropped")
                .description("uses not examined for anomalies because the detection queue was full").register(meters);
    }

    /** Request thread: never blocks, never throws. {@code previousMillis} is 0 when this instance saw no earlier use. */
    public void offer(TokenRecord token, String source, long previousMillis, long nowMillis) {
        if (!detector.judgesEachUse()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(new TokenActivity.Use(token, source, previousMillis, nowMillis));
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
            TokenActivity.Use use = queue.poll();
            if (use == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            queued.decrementAndGet();
            try {
                detector.judge(use, reporter::report);
            } catch (RuntimeException e) {
                // Detection is advisory: a database hiccup must not stop it for every later use.
                log.warn("anomaly detection skipped a use of token {}: {}", use.token().tokenId(), e.toString());
            }
        }
    }
}

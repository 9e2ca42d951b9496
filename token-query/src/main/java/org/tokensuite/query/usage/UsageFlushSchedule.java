package org.tokensuite.query.usage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link UsageFlush} every {@code tokens.usage.flush-interval} on its own daemon thread
 * ({@code token-usage-flush}), and once more on a graceful stop so nothing counted is left behind.
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class UsageFlushSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UsageFlushSchedule.class);
    /** Shutdown waits this long for the last window; with the database gone it would wait a connection timeout per write. */
    private static final long LAST_FLUSH_WAIT_SECONDS = 5;

    private final UsageFlush flush;
    private final long everyMillis;
    private volatile ScheduledExecutorService scheduler;

    public UsageFlushSchedule(UsageFlush flush, TokensProperties properties) {
        this.flush = flush;
        this.everyMillis = properties.usage().flushInterval().toMillis();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::flushQuietly, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    private void flushQuietly() {
        try {
            flush.flush();
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
        // The last window (what was counted since the last flush), on the flush thread and bounded,
        // so a database or broker outage cannot hold up the service's shutdown.
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

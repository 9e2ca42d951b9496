package org.tokensuite.audit.web;

import org.springframework.stereotype.Component;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.LoggedTokens;
import org.tokensuite.audit.settings.ReadYourWritesProperties;
import org.tokensuite.platform.freshness.WakeUps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes for the audit log: a read of a token's entries that must not be older than a version of the token
 * (the {@code X-Not-Older-Than} header, the version token-command answered with) waits until the log records it.
 * Each look is one short query on the read pool; between looks the request's thread sleeps until this instance's
 * processor commits entries of the token or the recheck interval passes, so no connection is held while waiting.
 * The wait is bounded ({@code max-wait}, then 503) and so is the number of requests waiting at once.
 */
@Component
public class LogFreshness {

    private final AuditEntryReader reader;
    private final LoggedTokens logged;
    private final long maxWaitNanos;
    private final long recheckNanos;
    private final Semaphore waiting;

    public LogFreshness(AuditEntryReader reader, LoggedTokens logged, ReadYourWritesProperties properties) {
        this.reader = reader;
        this.logged = logged;
        this.maxWaitNanos = properties.maxWait().toNanos();
        this.recheckNanos = properties.recheckInterval().toNanos();
        this.waiting = new Semaphore(properties.maxWaiting());
    }

    /** The newest version of the token the log records, once it is at least {@code version}; else {@link LogBehind}. */
    public long notOlderThan(String tokenId, long version) {
        Long reached = reader.tokenVersion(tokenId);
        if (reached != null && reached >= version) {
            return reached;
        }
        if (!waiting.tryAcquire()) {
            throw new LogBehind("too many reads are waiting for the audit log; try again later");
        }
        try {
            return awaitVersion(tokenId, version, System.nanoTime() + maxWaitNanos);
        } finally {
            waiting.release();
        }
    }

    private long awaitVersion(String tokenId, long version, long deadline) {
        while (true) {
            CountDownLatch woken = new CountDownLatch(1);
            // Listen before reading, so a commit between the read and the wait is not missed.
            try (WakeUps.Registration ignored = logged.onNextEntry(tokenId, woken::countDown)) {
                Long reached = reader.tokenVersion(tokenId);
                if (reached != null && reached >= version) {
                    return reached;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw behind(tokenId, version);
                }
                woken.await(Math.min(left, recheckNanos), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw behind(tokenId, version);
            }
        }
    }

    private static LogBehind behind(String tokenId, long version) {
        return new LogBehind("the audit log has not recorded version " + version + " of token " + tokenId
                + " yet; try again later");
    }
}

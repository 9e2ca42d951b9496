package org.tokensuite.query.usage;

import org.tokensuite.query.index.TokenRecord;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One token's usage since the last flush, written by request threads without locks: a striped
 * counter and plain volatile writes (a lost race between two requests only picks which of two
 * equally recent addresses is "last"). The flush thread drains it ({@link UsageWindow}); the rate
 * baseline and the refusal throttle are the flush thread's alone.
 */
final class UsageCell {

    final TokenRecord token;
    final LongAdder uses = new LongAdder();
    volatile long lastUsedMillis;
    volatile String lastSource;
    /** Raw {@code scope} values callers said they were checking → when; null until the first one. */
    final AtomicReference<ConcurrentHashMap<String, AtomicLong>> checks = new AtomicReference<>();
    /** Refused presentations; null until the first one (most tokens are never refused). */
    final AtomicReference<RefusalTally> refusals = new AtomicReference<>();
    volatile boolean retired;
    /** The last few distinct source addresses: a client pool alternating among them is not news for detection. */
    private final String[] recentSources = new String[4];
    private int nextRecent;

    // Flush thread only.
    final RateBaseline rate = new RateBaseline();
    final RefusalThrottle refusalSignals = new RefusalThrottle();

    UsageCell(TokenRecord token) {
        this.token = token;
    }

    void used(long nowMillis, String source, String checkedScopes, int maxCheckedScopes) {
        uses.increment();
        lastUsedMillis = nowMillis;
        lastSource = source;
        if (checkedScopes != null) {
            checked(checkedScopes, nowMillis, maxCheckedScopes);
        }
    }

    private void checked(String checkedScopes, long nowMillis, int maxCheckedScopes) {
        ConcurrentHashMap<String, AtomicLong> map = checks.get();
        if (map == null) {
            checks.compareAndSet(null, new ConcurrentHashMap<>());
            map = checks.get();
        }
        AtomicLong at = map.get(checkedScopes);
        if (at == null) {
            if (map.size() >= maxCheckedScopes) {
                return; // a caller sending ever new values cannot grow memory
            }
            at = map.computeIfAbsent(checkedScopes, key -> new AtomicLong());
        }
        at.lazySet(nowMillis);
    }

    /** Whether {@code source} is none of the last few distinct sources (and remembers it). Races only cost an extra check. */
    boolean isNewSource(String source) {
        if (source == null) {
            return false;
        }
        for (String recent : recentSources) {
            if (source.equals(recent)) {
                return false;
            }
        }
        recentSources[nextRecent++ & 3] = source;
        return true;
    }

    void refused(String reason, String source, long nowMillis) {
        RefusalTally tally = refusals.get();
        if (tally == null) {
            refusals.compareAndSet(null, new RefusalTally());
            tally = refusals.get();
        }
        tally.add(reason, source, nowMillis);
    }

    boolean isIdle(long nowMillis, long idleMillis) {
        RefusalTally tally = refusals.get();
        return uses.sum() == 0 && (tally == null || tally.pending() == 0)
                && nowMillis - Math.max(lastUsedMillis, tally == null ? 0 : tally.lastMillis) >= idleMillis;
    }
}

package org.tokensuite.platform.security;

import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Introspection answers kept for a moment ({@code tokens.resource-server.cache-ttl}; zero, the default,
 * keeps nothing), so a caller sending many requests in a burst is not introspected once per request.
 *
 * <p>What it may cost: a token revoked elsewhere keeps working here for at most the TTL longer than it
 * takes the verifier to learn of the revocation. Only active answers are kept (a new token is never
 * refused from memory), never past the token's own expiry, keyed by the secret's SHA-256 and the client
 * address (a token's {@code allowedCidrs} depend on it), never the secret itself. A service that itself
 * changes tokens reports each change ({@link #tokenChanged}): the token's answers are dropped and, for
 * {@link #QUARANTINE} afterwards, never kept, so this service sees its own revocation exactly as soon as
 * the verifier does, as without a cache.
 */
public final class CallerCache {

    /** Longer than the verifier takes to learn of a change (p99 in the tens of milliseconds). */
    public static final Duration QUARANTINE = Duration.ofSeconds(10);
    /** A burst of distinct tokens cannot grow the memory without bound; when full, new answers are not kept. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    static final Duration QUARANTINE_PURGE_INTERVAL = Duration.ofSeconds(1);

    private record Key(TokenHash secret, String clientAddress) {
    }

    private record Entry(Caller caller, long keptUntil) {
    }

    private record Flight(CompletableFuture<Optional<IntrospectionClient.Verified>> answer, long started) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final Supplier<Instant> now;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** Verifications under way: a burst that misses at once asks once (the TTL ends for every caller at the same moment). */
    private final Map<Key, Flight> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger joined = new AtomicInteger();
    /** Token → until when (nano time) it is not kept, after a change this service made. */
    private final Map<TokenId, Long> quarantined = new ConcurrentHashMap<>();
    private final AtomicLong nextQuarantinePurge;

    public CallerCache(Duration ttl) {
        this(ttl, DEFAULT_MAX_ENTRIES, System::nanoTime, Instant::now);
    }

    CallerCache(Duration ttl, int maxEntries, LongSupplier nanoTime, Supplier<Instant> now) {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("the caller cache's TTL must be zero or positive");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) > 0) {
            // Beyond this a revocation would be late by more than the suite's bound everywhere else.
            throw new IllegalArgumentException("the caller cache's TTL must not exceed PT1S (was " + ttl + ")");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.now = now;
        this.nextQuarantinePurge = new AtomicLong(nanoTime.getAsLong());
    }

    public static CallerCache disabled() {
        return new CallerCache(Duration.ZERO);
    }

    public boolean enabled() {
        return ttlNanos > 0;
    }

    /**
     * The caller for this secret from memory, or else from {@code verify} (kept when active). Whatever
     * {@code verify} throws (unavailable) passes through: a miss fails closed as before.
     */
    public Optional<Caller> get(String token, String clientAddress, Supplier<Optional<IntrospectionClient.Verified>> verify) {
        if (!enabled()) {
            return verify.get().map(IntrospectionClient.Verified::caller);
        }
        Key key = new Key(TokenSecrets.hash(token), clientAddress == null ? "" : clientAddress);
        long started = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null) {
            if (entry.keptUntil() - started > 0 && !isQuarantined(entry.caller().tokenId(), started)) {
                return Optional.of(entry.caller());
            }
            entries.remove(key, entry);
        }
        Flight mine = new Flight(new CompletableFuture<>(), started);
        Flight running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            Optional<IntrospectionClient.Verified> shared = join(running);
            // Asked for before a change this service made since: as stale as a kept answer; ask afresh.
            if (shared.isEmpty() || !isQuarantined(shared.get().caller().tokenId(), running.started())) {
                return shared.map(IntrospectionClient.Verified::caller);
            }
            return verify.get().map(IntrospectionClient.Verified::caller);
        }
        Optional<IntrospectionClient.Verified> verified;
        try {
            verified = verify.get();
            verified.ifPresent(v -> keep(key, v, started));
            mine.answer().complete(verified);
        } catch (RuntimeException | Error e) {
            mine.answer().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
        return verified.map(IntrospectionClient.Verified::caller);
    }

    /** This service changed the token (revoked, suspended, rotated, re-scoped, expired): forget and stop keeping it. */
    public void tokenChanged(TokenId tokenId) {
        if (!enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        quarantined.put(tokenId, now + QUARANTINE.toNanos());
        entries.entrySet().removeIf(e -> e.getValue().caller().tokenId().equals(tokenId));
        forgetEndedQuarantines(now);
    }

    /**
     * Drops ended quarantines at most once per {@link #QUARANTINE_PURGE_INTERVAL}: a scan on every change made a
     * bulk revocation of n tokens cost n² (every change scanned every change of the last ten seconds).
     */
    private void forgetEndedQuarantines(long now) {
        long due = nextQuarantinePurge.get();
        if (now - due >= 0 && nextQuarantinePurge.compareAndSet(due, now + QUARANTINE_PURGE_INTERVAL.toNanos())) {
            quarantined.values().removeIf(until -> until - now <= 0);
        }
    }

    /** Tokens whose answers are not kept now or were until lately (for tests). */
    int quarantinedCount() {
        return quarantined.size();
    }

    int size() {
        return entries.size();
    }

    /** How many callers have waited for another's verification (for tests). */
    int joined() {
        return joined.get();
    }

    private Optional<IntrospectionClient.Verified> join(Flight flight) {
        joined.incrementAndGet();
        try {
            return flight.answer().join();
        } catch (CompletionException e) {
            // The verifier's own exception (unavailable: 503), as if this caller had asked itself.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void keep(Key key, IntrospectionClient.Verified verified, long started) {
        // An answer asked for before a change (started before the quarantine began) is as stale as one asked during it.
        if (isQuarantined(verified.caller().tokenId(), started) || entries.size() >= maxEntries && !evictExpired(started)) {
            return;
        }
        long until = started + ttlNanos;
        if (verified.expiresAt() != null) {
            long untilExpiry = started + Duration.between(now.get(), verified.expiresAt()).toNanos();
            if (untilExpiry - until < 0) {
                until = untilExpiry;
            }
        }
        if (until - started > 0) {
            entries.put(key, new Entry(verified.caller(), until));
        }
    }

    private boolean isQuarantined(TokenId tokenId, long at) {
        Long until = quarantined.get(tokenId);
        return until != null && until - at > 0;
    }

    /** Frees room by dropping what has run out; whether there is room now. */
    private boolean evictExpired(long at) {
        entries.entrySet().removeIf(e -> e.getValue().keptUntil() - at <= 0);
        return entries.size() < maxEntries;
    }
}

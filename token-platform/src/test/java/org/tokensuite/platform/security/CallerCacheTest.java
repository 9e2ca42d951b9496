package org.tokensuite.platform.security;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallerCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger asked = new AtomicInteger();
    private final String secret = new TokenSecrets().generate();
    private final Caller caller = new Caller(TokenId.random(), new UserId("alice"), Set.of(new Scope("tokens:issue")));

    private CallerCache cache(Duration ttl) {
        return new CallerCache(ttl, 3, nanos::get, () -> NOW.plusNanos(nanos.get() - 1_000_000_000L));
    }

    private Supplier<Optional<IntrospectionClient.Verified>> verifier(Optional<IntrospectionClient.Verified> answer) {
        return () -> {
            asked.incrementAndGet();
            return answer;
        };
    }

    private Supplier<Optional<IntrospectionClient.Verified>> active(Instant expiresAt) {
        return verifier(Optional.of(new IntrospectionClient.Verified(caller, expiresAt)));
    }

    @Test
    void anActiveAnswerIsServedFromMemoryUntilItsTtlEnds() {
        CallerCache cache = cache(Duration.ofMillis(50));

        assertThat(cache.get(secret, "10.0.0.1", active(null))).contains(caller);
        nanos.addAndGet(Duration.ofMillis(49).toNanos());
        assertThat(cache.get(secret, "10.0.0.1", active(null))).contains(caller);
        assertThat(asked).hasValue(1);

        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        cache.get(secret, "10.0.0.1", active(null));
        assertThat(asked).as("asked again once the TTL ran out").hasValue(2);
    }

    @Test
    void anInactiveAnswerIsNeverKept() {
        CallerCache cache = cache(Duration.ofMillis(50));

        assertThat(cache.get(secret, null, verifier(Optional.empty()))).isEmpty();
        assertThat(cache.get(secret, null, active(null))).contains(caller);
        assertThat(asked).hasValue(2);
    }

    @Test
    void anAnswerIsKeptPerClientAddressBecauseAllowedCidrsDependOnIt() {
        CallerCache cache = cache(Duration.ofMillis(50));

        cache.get(secret, "10.0.0.1", active(null));
        assertThat(cache.get(secret, "192.0.2.7", verifier(Optional.empty()))).isEmpty();
        assertThat(asked).hasValue(2);
    }

    @Test
    void anAnswerIsNeverKeptPastTheTokensExpiry() {
        CallerCache cache = cache(Duration.ofMillis(500));

        cache.get(secret, null, active(NOW.plusMillis(10)));
        nanos.addAndGet(Duration.ofMillis(11).toNanos());
        assertThat(cache.get(secret, null, verifier(Optional.empty()))).as("expired: asked, and refused").isEmpty();
        assertThat(asked).hasValue(2);
    }

    @Test
    void aTokenThisServiceChangedIsForgottenAndNotKeptAgainForAWhile() {
        CallerCache cache = cache(Duration.ofMillis(500));
        cache.get(secret, null, active(null));

        cache.tokenChanged(caller.tokenId());

        assertThat(cache.get(secret, null, verifier(Optional.empty()))).as("revoked: the verifier's word, at once").isEmpty();
        cache.get(secret, null, active(null));
        cache.get(secret, null, active(null));
        assertThat(asked).as("the verifier may lag behind the change: nothing is kept during the quarantine").hasValue(4);

        nanos.addAndGet(CallerCache.QUARANTINE.toNanos() + 1);
        cache.get(secret, null, active(null));
        cache.get(secret, null, active(null));
        assertThat(asked).hasValue(5);
    }

    @Test
    void endedQuarantinesAreForgottenSoManyChangesDoNotPileUp() {
        CallerCache cache = cache(Duration.ofMillis(500));
        for (int i = 0; i < 1_000; i++) {
            cache.tokenChanged(new TokenId("tok_" + String.format("%032x", i)));
        }
        assertThat(cache.quarantinedCount()).as("changed within the last ten seconds: all quarantined").isEqualTo(1_000);

        nanos.addAndGet(CallerCache.QUARANTINE.toNanos() + CallerCache.QUARANTINE_PURGE_INTERVAL.toNanos() + 1);
        cache.tokenChanged(caller.tokenId());

        assertThat(cache.quarantinedCount()).as("only the latest change is still quarantined").isEqualTo(1);
        assertThat(cache.get(secret, null, verifier(Optional.empty()))).as("and it is still not served from memory").isEmpty();
    }

    @Test
    void anAnswerAskedForBeforeAChangeIsNotKeptAfterIt() {
        CallerCache cache = cache(Duration.ofMillis(500));

        cache.get(secret, null, () -> {
            asked.incrementAndGet();
            cache.tokenChanged(caller.tokenId()); // the change commits while the verifier is being asked
            return Optional.of(new IntrospectionClient.Verified(caller, null));
        });
        cache.get(secret, null, active(null));

        assertThat(asked).hasValue(2);
    }

    @Test
    void aFullCacheKeepsNothingNewButStillAnswers() {
        CallerCache cache = cache(Duration.ofMillis(500));
        for (int i = 0; i < 3; i++) {
            cache.get(new TokenSecrets().generate(), null, active(null));
        }

        assertThat(cache.get(secret, null, active(null))).contains(caller);
        assertThat(cache.get(secret, null, active(null))).contains(caller);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(asked).hasValue(5);
    }

    @Test
    void callersMissingAtTheSameMomentShareOneVerification() throws Exception {
        CallerCache cache = new CallerCache(Duration.ofMillis(500));
        CountDownLatch answer = new CountDownLatch(1);
        Supplier<Optional<IntrospectionClient.Verified>> slow = () -> {
            asked.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(new IntrospectionClient.Verified(caller, null));
        };
        ExecutorService burst = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<Caller>>> callers = new ArrayList<>();
            callers.add(burst.submit(() -> cache.get(secret, null, slow)));
            await().until(() -> asked.get() == 1);
            for (int i = 0; i < 3; i++) {
                callers.add(burst.submit(() -> cache.get(secret, null, slow)));
            }
            await().until(() -> cache.joined() == 3);
            answer.countDown();

            for (Future<Optional<Caller>> c : callers) {
                assertThat(c.get()).contains(caller);
            }
            assertThat(asked).hasValue(1);
        } finally {
            burst.shutdownNow();
        }
    }

    @Test
    void callersWaitingForAVerificationThatFailsFailToo() throws Exception {
        CallerCache cache = new CallerCache(Duration.ofMillis(500));
        CountDownLatch answer = new CountDownLatch(1);
        Supplier<Optional<IntrospectionClient.Verified>> unavailable = () -> {
            asked.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AuthenticationUnavailable("token verification is unreachable", null);
        };
        ExecutorService burst = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<Caller>> first = burst.submit(() -> cache.get(secret, null, unavailable));
            await().until(() -> asked.get() == 1);
            Future<Optional<Caller>> second = burst.submit(() -> cache.get(secret, null, unavailable));
            await().until(() -> cache.joined() == 1);
            answer.countDown();

            for (Future<Optional<Caller>> c : List.of(first, second)) {
                assertThatThrownBy(c::get).hasCauseInstanceOf(AuthenticationUnavailable.class);
            }
            assertThat(cache.get(secret, null, active(null))).as("nothing was kept").contains(caller);
            assertThat(asked).hasValue(2);
        } finally {
            burst.shutdownNow();
        }
    }

    @Test
    void aZeroTtlKeepsNothing() {
        CallerCache cache = cache(Duration.ZERO);

        cache.get(secret, null, active(null));
        cache.get(secret, null, active(null));

        assertThat(asked).hasValue(2);
        assertThat(cache.enabled()).isFalse();
    }

    @Test
    void aTtlBeyondOneSecondIsRefusedAtStart() {
        assertThatThrownBy(() -> new CallerCache(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1S");
    }
}

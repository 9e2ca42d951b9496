package org.tokensuite.audit.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.AuditLogWriter;
import org.tokensuite.audit.projection.AuditLogWriter.NewAuditEntry;
import org.tokensuite.audit.projection.LoggedTokens;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.settings.ReadYourWritesProperties;
import org.tokensuite.audit.store.ReadPool;
import org.tokensuite.platform.freshness.WakeUps;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads that must not be older than a token's version, against a real log: they answer only once the log holds the
 * version, are woken by the commit that records it, give up with {@link LogBehind} after the bound, and only so many
 * wait at once.
 */
class LogFreshnessTest {

    private static TestDatabase database;
    private static HikariDataSource dataSource;
    private static AuditLogWriter writer;
    private static AuditEntryReader reader;

    private static final LoggedTokens LOGGED = new LoggedTokens();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("audit-freshness", Map.of("writer_role", "tokens_audit_writer"));
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(2);
        writer = new AuditLogWriter(new JdbcTemplate(dataSource), (seq, hash) -> { }, LOGGED, new SimpleMeterRegistry());
        reader = new AuditEntryReader(new ReadPool(dataSource), new AuditProperties(100, 1000, 100, null, null));
    }

    @AfterAll
    static void drop() {
        dataSource.close();
        database.drop();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static String newToken() {
        return "tok_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static void record(String tokenId, long version) {
        writer.append(new NewAuditEntry(UUID.randomUUID().toString(), "TokenRotated", tokenId, "alice", "admin", "admin",
                "rotation", null, Instant.parse("2026-12-04T10:00:00Z"), JsonNodeFactory.instance.objectNode(), version));
    }

    /** A freshness with this many places and this bound, rechecking only every 30 s. */
    private static LogFreshness freshness(int maxWaiting, Duration maxWait, LoggedTokens logged) {
        return new LogFreshness(reader, logged, new ReadYourWritesProperties(maxWait, Duration.ofSeconds(30), maxWaiting));
    }

    /** Logged tokens that release one permit of {@code listening} each time a read starts listening for a token. */
    private static LoggedTokens signallingWhenListening(Semaphore listening) {
        return new LoggedTokens() {
            @Override
            public WakeUps.Registration onNextEntry(String tokenId, Runnable wake) {
                WakeUps.Registration registered = LOGGED.onNextEntry(tokenId, wake);
                listening.release();
                return registered;
            }
        };
    }

    @Test
    void aVersionTheLogHoldsIsAnsweredAtOnceWithTheNewestVersion() {
        String token = newToken();
        record(token, 0);
        record(token, 1);

        assertThat(freshness(1, Duration.ofSeconds(1), LOGGED).notOlderThan(token, 0)).isEqualTo(1);
        assertThat(freshness(1, Duration.ofSeconds(1), LOGGED).notOlderThan(token, 1)).isEqualTo(1);
    }

    @Test
    void aVersionTheLogDoesNotHoldWithinTheBoundIsRefusedNotAnsweredOlder() {
        String token = newToken();
        record(token, 0);

        assertThatThrownBy(() -> freshness(1, Duration.ofMillis(200), LOGGED).notOlderThan(token, 1))
                .isInstanceOf(LogBehind.class).hasMessageContaining("version 1 of token " + token);
        assertThatThrownBy(() -> freshness(1, Duration.ZERO, LOGGED).notOlderThan(newToken(), 0))
                .isInstanceOf(LogBehind.class);
    }

    @Test
    void aWaitingReadIsWokenByTheCommitThatRecordsItsVersionAndOnlySoManyWaitAtOnce() throws Exception {
        String awaited = newToken();
        Semaphore listening = new Semaphore(0);
        // The recheck and the bound (30 s) are far off: the commits' wake-ups answer the read.
        LogFreshness freshness = freshness(1, Duration.ofSeconds(30), signallingWhenListening(listening));
        Future<Long> waiting = threads.submit(() -> freshness.notOlderThan(awaited, 2));
        listening.acquire();

        assertThatThrownBy(() -> freshness.notOlderThan(newToken(), 0))
                .as("a second read while the one place is taken").isInstanceOf(LogBehind.class)
                .hasMessageContaining("too many");
        record(awaited, 1);
        record(awaited, 2);
        assertThat(waiting.get()).isEqualTo(2);

        // The place is given back: the next read waits (it would be refused at once if it were not).
        listening.drainPermits();
        String next = newToken();
        Future<Long> nextRead = threads.submit(() -> freshness.notOlderThan(next, 0));
        listening.acquire();
        record(next, 0);
        assertThat(nextRead.get()).isZero();
    }

    @Test
    void aCommitWakesOnlyTheReadsOfItsTokensAndAClosedWaitIsForgotten() {
        LoggedTokens logged = new LoggedTokens();
        java.util.List<String> woken = new java.util.ArrayList<>();
        logged.onNextEntry("tok_a", () -> woken.add("a"));
        logged.onNextEntry("tok_b", () -> woken.add("b"));
        WakeUps.Registration closed = logged.onNextEntry("tok_a", () -> woken.add("closed"));
        closed.close();

        writerFor(logged).append(new NewAuditEntry(UUID.randomUUID().toString(), "TokenRevoked", "tok_a", "alice", "admin",
                "admin", "leaked", null, Instant.parse("2026-12-04T10:00:00Z"), JsonNodeFactory.instance.objectNode(), 3L));
        writerFor(logged).append(new NewAuditEntry(UUID.randomUUID().toString(), "TokenUseRefused", "tok_b", "alice",
                "system:token-query", "system", "refused", null, Instant.parse("2026-12-04T10:00:00Z"),
                JsonNodeFactory.instance.objectNode(), null));

        assertThat(woken).as("a's wait woken once by its versioned entry; b's entry has no version").containsExactly("a");
    }

    private static AuditLogWriter writerFor(LoggedTokens logged) {
        return new AuditLogWriter(new JdbcTemplate(dataSource), (seq, hash) -> { }, logged, new SimpleMeterRegistry());
    }
}

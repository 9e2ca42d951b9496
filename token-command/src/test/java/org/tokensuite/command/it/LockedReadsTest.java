package org.tokensuite.command.it;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.catalogue.JdbcScopeCatalogue;
import org.tokensuite.command.lock.LockThenRead;
import org.tokensuite.command.policy.ScopeCatalogue.SystemActions;
import org.tokensuite.command.user.JdbcOwnerGate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner's lock and the catalogue's locks are sent with the read they guard in one round trip (an issue's both
 * together): the read must still see what the lock's previous holder committed while it waited (a read inside the
 * lock's own statement would see the state from before the wait).
 */
class LockedReadsTest {

    private static CommandService service;
    private static TransactionTemplate tx;
    private static JdbcTemplate appJdbc;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-locked-reads", Map.of());
        tx = new TransactionTemplate(service.bean(PlatformTransactionManager.class));
        appJdbc = service.bean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anIssueWaitingForTheOwnersLockReadsTheOffboardingItsHolderCommitted() throws Exception {
        JdbcOwnerGate gate = service.bean(JdbcOwnerGate.class);
        UserId owner = new UserId("locked-" + UUID.randomUUID());
        try {
            Reads<OwnerStanding> standings = whileHeld(() -> gate.lockOwner(owner),
                    () -> appJdbc.update("INSERT INTO users (user_id, status, updated_at) VALUES (?, 'offboarded', now())",
                            owner.value()),
                    () -> gate.lockOwner(owner));
            assertThat(standings.holder()).isEqualTo(OwnerStanding.ACTIVE);
            assertThat(standings.waiter()).isEqualTo(OwnerStanding.OFFBOARDED);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anIssuesReadAheadWaitingForTheOwnersLockReadsTheOffboardingItsHolderCommitted() throws Exception {
        JdbcOwnerGate gate = service.bean(JdbcOwnerGate.class);
        JdbcScopeCatalogue catalogue = service.bean(JdbcScopeCatalogue.class);
        LockThenRead locked = service.bean(LockThenRead.class);
        UserId owner = new UserId("locked-" + UUID.randomUUID());
        try {
            // The waiter sends the system's lock and read and the owner's in one round trip, as an issue does; the
            // owner's read still runs after the lock it waited for, and sees the holder's offboarding.
            Reads<OwnerStanding> standings = whileHeld(() -> gate.lockOwner(owner),
                    () -> appJdbc.update("INSERT INTO users (user_id, status, updated_at) VALUES (?, 'offboarded', now())",
                            owner.value()),
                    () -> {
                        UnitOfWork<?> issue = DefaultUnitOfWork.startAndGet(null);
                        try {
                            locked.readAhead(List.of(catalogue.lockedRead(Set.of(new SystemName("billing"))),
                                    gate.lockedRead(owner)));
                            return gate.lockOwner(owner);
                        } finally {
                            issue.commit();
                        }
                    });
            assertThat(standings.holder()).isEqualTo(OwnerStanding.ACTIVE);
            assertThat(standings.waiter()).isEqualTo(OwnerStanding.OFFBOARDED);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aGrantWaitingForACatalogueChangeReadsTheRetirementItsHolderCommitted() throws Exception {
        JdbcScopeCatalogue catalogue = service.bean(JdbcScopeCatalogue.class);
        SystemName system = new SystemName("locked-" + Long.toString(System.nanoTime(), 36));
        appJdbc.update("INSERT INTO scope_systems (system, actions, retired_actions, updated_at) VALUES (?, ?, ?, now())",
                system.value(), new String[] {"read", "write"}, new String[0]);
        try {
            Reads<Map<SystemName, SystemActions>> seen = whileHeld(() -> {
                        catalogue.lockForChange(system);
                        return catalogue.systems(Set.of(system));
                    },
                    () -> appJdbc.update("UPDATE scope_systems SET actions = ?, retired_actions = ? WHERE system = ?",
                            new String[] {"read"}, new String[] {"write"}, system.value()),
                    () -> catalogue.systems(Set.of(system)));
            assertThat(seen.holder().get(system)).isEqualTo(new SystemActions(Set.of("read", "write"), Set.of()));
            assertThat(seen.waiter().get(system)).isEqualTo(new SystemActions(Set.of("read"), Set.of("write")));
        } finally {
            threads.shutdownNow();
            service.db().update("DELETE FROM scope_systems WHERE system = ?", system.value());
        }
    }

    /** What the lock's holder read before its change, and what the transaction that waited for the lock read. */
    private record Reads<T>(T holder, T waiter) {
    }

    /**
     * One transaction takes the lock with its read, changes something and holds on; a second one asks for the lock
     * with its read. Once the second waits on the lock, the first commits.
     */

    private <T> Reads<T> whileHeld(Callable<T> lockAndRead, Runnable change, Callable<T> waitingRead) throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<T> holder = threads.submit(() -> tx.execute(status -> {
            try {
                T read = lockAndRead.call();
                change.run();
                changed.countDown();
                assertThat(release.await(1, TimeUnit.MINUTES)).as("released").isTrue();
                return read;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        assertThat(changed.await(1, TimeUnit.MINUTES)).as("the holder changed its row").isTrue();
        Future<T> waiter = threads.submit(() -> tx.execute(status -> {
            try {
                return waitingRead.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        awaitAWaitingAdvisoryLock();
        release.countDown();
        return new Reads<>(holder.get(1, TimeUnit.MINUTES), waiter.get(1, TimeUnit.MINUTES));
    }

    /** Until a transaction in this database waits for an advisory lock (the waiter has sent its lock and read). */
    private static void awaitAWaitingAdvisoryLock() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (service.db().queryForObject("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", Integer.class) == 0) {
            assertThat(System.nanoTime()).as("a waiter on the advisory lock").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

package org.tokensuite.command.issue;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.catalogue.JdbcScopeCatalogue;
import org.tokensuite.command.lock.LockThenRead;
import org.tokensuite.command.policy.ScopeCatalogue.SystemActions;
import org.tokensuite.command.policy.ScopePolicy;
import org.tokensuite.command.unitofwork.SharedCommit;
import org.tokensuite.command.user.JdbcOwnerGate;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.StatementLog;
import org.tokensuite.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An issue's systems and owner are locked and read in one round trip before its handler runs; the handler's own
 * asks take those answers, each once, and anything else is read as before.
 */
class IssueReadAheadTest {

    private static final UserId OWNER = new UserId("read-ahead-owner");
    private static final SystemName BILLING = new SystemName("billing");

    private static TestDatabase database;

    private JdbcTemplate plain;
    private JdbcTemplate jdbc;
    private StatementLog statements;
    private SpringTransactionManager transactions;
    private JdbcScopeCatalogue catalogue;
    private JdbcOwnerGate owners;
    private IssueReadAhead readAhead;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-issue-read-ahead", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @BeforeEach
    void wire() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        plain = new JdbcTemplate(dataSource);
        plain.update("DELETE FROM users");
        plain.update("DELETE FROM scope_systems");
        plain.update("INSERT INTO scope_systems (system, actions, retired_actions, updated_at) VALUES ('billing', ?, ?, now())",
                new String[] {"read", "write"}, new String[] {"refund"});
        statements = new StatementLog(dataSource);
        jdbc = new JdbcTemplate(statements.dataSource());
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(statements.dataSource()));
        LockThenRead locked = new LockThenRead(jdbc);
        catalogue = new JdbcScopeCatalogue(jdbc, locked);
        owners = new JdbcOwnerGate(locked);
        readAhead = new IssueReadAhead(locked, catalogue, owners);
    }

    @Test
    void anIssuesSystemsAndOwnerAreLockedAndReadInOneRoundTrip() throws Exception {
        offboard(OWNER);
        Answers answers = handled(issue(OWNER, "billing:read"), () -> {
            int sentAhead = statements.prepared().size();
            long locksHeld = advisoryLocksHeld();
            return new Answers(sentAhead, locksHeld, catalogue.systems(Set.of(BILLING)), owners.lockOwner(OWNER));
        });

        assertThat(answers.sentAhead()).as("round trips before the handler").isEqualTo(1);
        assertThat(answers.locksHeld()).as("the system's shared lock and the owner's, held for the handler").isEqualTo(2);
        assertThat(statements.prepared()).as("the handler's asks sent nothing more").hasSize(1);
        assertThat(answers.systems()).isEqualTo(Map.of(BILLING, new SystemActions(Set.of("read", "write"), Set.of("refund"))));
        assertThat(answers.standing()).isEqualTo(OwnerStanding.OFFBOARDED);
    }

    @Test
    void whatTheReadAheadFoundIsWhatTheHandlerWouldHaveRead() throws Exception {
        Answers ahead = handled(issue(OWNER, "billing:read", "payroll:read"), () -> new Answers(0, 0,
                catalogue.systems(Set.of(BILLING, new SystemName("payroll"))), owners.lockOwner(OWNER)));
        assertThat(statements.prepared()).as("two systems' locks and reads too go ahead with the owner's").hasSize(1);
        statements.clear();
        Answers direct = handledWithout(() -> new Answers(0, 0,
                catalogue.systems(Set.of(BILLING, new SystemName("payroll"))), owners.lockOwner(OWNER)));

        assertThat(ahead).isEqualTo(direct);
        assertThat(ahead.systems()).as("an unregistered system is absent").containsOnlyKeys(BILLING);
        assertThat(ahead.standing()).isEqualTo(OwnerStanding.ACTIVE);
    }

    @Test
    void aSecondAskInTheSameTransactionReadsAgainAndSeesItsOwnWrite() throws Exception {
        List<OwnerStanding> standings = handled(issue(OWNER, "billing:read"), () -> {
            OwnerStanding first = owners.lockOwner(OWNER);
            jdbc.update("INSERT INTO users (user_id, status, updated_at) VALUES (?, 'offboarded', now())", OWNER.value());
            return List.of(first, owners.lockOwner(OWNER));
        });

        assertThat(standings).containsExactly(OwnerStanding.ACTIVE, OwnerStanding.OFFBOARDED);
        assertThat(statements.prepared()).as("read ahead, the write, the second read").hasSize(3);
    }

    @Test
    void anotherOwnersStandingIsReadForItself() throws Exception {
        UserId other = new UserId("read-ahead-other");
        offboard(other);
        OwnerStanding standing = handled(issue(OWNER, "billing:read"), () -> owners.lockOwner(other));

        assertThat(standing).isEqualTo(OwnerStanding.OFFBOARDED);
        assertThat(statements.prepared()).hasSize(2);
    }

    @Test
    void anIssueOfTheSuitesOwnScopesOnlyReadsNothingAhead() throws Exception {
        int sentAhead = handled(issue(OWNER, "tokens:issue"), () -> statements.prepared().size());

        assertThat(sentAhead).as("one read alone goes when the handler asks for it").isZero();
    }

    @Test
    void otherCommandsReadNothingAhead() throws Exception {
        int sentAhead = handled("not an issue", () -> statements.prepared().size());

        assertThat(sentAhead).isZero();
    }

    @Test
    void aBatchOfIssuesTakesAllItsLocksAndReadsInOneRoundTripAndNoIssueInItSendsAnyOfItsOwn() throws Exception {
        UserId second = new UserId("read-ahead-second");
        UserId third = new UserId("read-ahead-third");
        offboard(second);
        List<IssueToken> batch = List.of(issue(third, "billing:read"), issue(OWNER, "billing:write"),
                issue(second, "billing:read", "payroll:read"), issue(new UserId("read-ahead-fourth"), "tokens:issue"));

        // As the handler asks: the catalogue only for an issue naming a catalogued system.
        List<Answers> answers = inOneBatch(batch, issue -> {
            Set<SystemName> systems = ScopePolicy.cataloguedSystems(issue.scopes());
            return new Answers(0, 0, systems.isEmpty() ? Map.of() : catalogue.systems(systems), owners.lockOwner(issue.ownerId()));
        });

        assertThat(statements.prepared()).as("the batch's read ahead; every issue's asks took its answers").hasSize(1);
        assertThat(answers).extracting(Answers::standing).containsExactly(
                OwnerStanding.ACTIVE, OwnerStanding.ACTIVE, OwnerStanding.OFFBOARDED, OwnerStanding.ACTIVE);
        SystemActions billing = new SystemActions(Set.of("read", "write"), Set.of("refund"));
        assertThat(answers).extracting(Answers::systems).containsExactly(
                Map.of(BILLING, billing), Map.of(BILLING, billing), Map.of(BILLING, billing), Map.of());
    }

    @Test
    void aBatchTakesItsOwnersLocksInTheOrderOfTheirIdsSoTwoBatchesNeverWaitForEachOtherInACycle() throws Exception {
        UserId a = new UserId("order-a-" + System.nanoTime());
        UserId b = new UserId("order-b-" + System.nanoTime());
        UserId c = new UserId("order-c-" + System.nanoTime());
        DriverManagerDataSource blockerSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        try (Connection blocker = blockerSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, b.value());
                lock.execute();
            }
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                // Arrived c, a, b: taken a, then b (held elsewhere, so it waits there), c not yet.
                Future<?> batch = thread.submit(() -> inOneBatch(
                        List.of(issue(c, "billing:read"), issue(a, "billing:read"), issue(b, "billing:read")), issue -> null));
                awaitUntil(() -> plain.queryForObject("""
                        SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", Long.class) == 1);
                assertThat(ownerLockHeldByAnother(a, blocker)).as("the first owner by id, taken").isTrue();
                assertThat(ownerLockHeldByAnother(c, blocker)).as("the last owner by id, not taken before b's").isFalse();
                blocker.commit();
                batch.get(1, TimeUnit.MINUTES);
            } finally {
                thread.shutdownNow();
            }
        }
        assertThat(advisoryLocksHeld()).as("all released with the batch's commit").isZero();
    }

    private record Answers(int sentAhead, long locksHeld, Map<SystemName, SystemActions> systems, OwnerStanding standing) {
    }

    /** {@code command} through the read-ahead, then {@code handler}, in one unit of work with a transaction, committed. */
    private <T> T handled(Object command, Callable<T> handler) throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command));
        unitOfWork.attachTransaction(transactions);
        @SuppressWarnings("unchecked")
        T result = (T) readAhead.handle((UnitOfWork) unitOfWork, handler::call);
        unitOfWork.commit();
        return result;
    }

    /** {@code handler} in a unit of work with a transaction, without the read-ahead. */
    private <T> T handledWithout(Callable<T> handler) throws Exception {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        T result = handler.call();
        unitOfWork.commit();
        return result;
    }

    /**
     * {@code issues} as a batch commits them: the batch's read ahead in a shared commit, then each issue through the
     * read-ahead interceptor and {@code handler} in a unit of work of its own nested in it; what each handler answered.
     */
    private <T> List<T> inOneBatch(List<IssueToken> issues, Handler<T> handler) throws Exception {
        UnitOfWork<?> shared = SharedCommit.start(transactions);
        readAhead.readAheadForBatch(issues);
        List<T> answers = new ArrayList<>();
        for (IssueToken issue : issues) {
            UnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(issue));
            @SuppressWarnings("unchecked")
            T answer = (T) readAhead.handle((UnitOfWork) nested, () -> handler.handle(issue));
            nested.commit();
            answers.add(answer);
        }
        shared.commit();
        return answers;
    }

    private interface Handler<T> {
        T handle(IssueToken issue) throws Exception;
    }

    /** Whether a backend other than {@code blocker}'s holds {@code owner}'s lock (the advisory key is its hashtext). */
    private boolean ownerLockHeldByAnother(UserId owner, Connection blocker) throws SQLException {
        int blockerPid;
        try (PreparedStatement pid = blocker.prepareStatement("SELECT pg_backend_pid()"); ResultSet row = pid.executeQuery()) {
            row.next();
            blockerPid = row.getInt(1);
        }
        return plain.queryForObject("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND pid <> ?
                  AND ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint""", Long.class,
                blockerPid, owner.value()) == 1;
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the batch never came to wait for the held lock");
            }
            Thread.sleep(10);
        }
    }

    private long advisoryLocksHeld() {
        return plain.queryForObject("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""", Long.class);
    }

    private void offboard(UserId user) {
        plain.update("INSERT INTO users (user_id, status, updated_at) VALUES (?, 'offboarded', now())", user.value());
    }

    private static IssueToken issue(UserId owner, String... scopes) {
        Set<Scope> requested = Arrays.stream(scopes).map(Scope::of).collect(Collectors.toSet());
        return new IssueToken(new TokenId("tok_0123456789abcdef0123456789abcdef"), owner, "read ahead", requested,
                new TokenHash("a".repeat(64)), "hint", null, Instant.parse("2027-01-01T00:00:00Z"), List.of(), null,
                Set.of(Scope.of("tokens:admin")), new Actor("tok_ffffffffffffffffffffffffffffffff", "admin"),
                new Cause("ticket 42", "req:1"));
    }
}

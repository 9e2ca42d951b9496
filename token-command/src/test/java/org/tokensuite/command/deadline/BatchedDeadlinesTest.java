package org.tokensuite.command.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.StatementLog;
import org.tokensuite.testsupport.TestDatabase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's deadlines reach db-scheduler's table in one statement when its unit of work commits, stored as the
 * data Axon's own deadline task reads back; a unit of work rolled back stores none.
 */
class BatchedDeadlinesTest {

    private static final Instant DUE = Instant.parse("2031-01-01T00:00:00Z");

    private static TestDatabase database;

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private StatementLog statements;
    private Scheduler scheduler;
    private BatchedDeadlines deadlines;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-deadlines", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @BeforeEach
    void start() {
        DriverManagerDataSource plain = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        new JdbcTemplate(plain).update("DELETE FROM scheduled_tasks");
        statements = new StatementLog(plain);
        // Not started: the test reads what was stored, it does not wait for deadlines to fire.
        scheduler = Scheduler.create(statements.dataSource(),
                        List.of(DbSchedulerDeadlineManager.binaryTask(() -> deadlines)))
                .tableName("scheduled_tasks")
                .build();
        deadlines = new BatchedDeadlines(scheduler, descriptor -> Stream.empty(), serializer,
                NoTransactionManager.INSTANCE, DefaultDeadlineManagerSpanFactory.builder()
                        .spanFactory(NoOpSpanFactory.INSTANCE).build());
        statements.clear();
    }

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    @Test
    void theDeadlinesOfOneUnitOfWorkAreStoredInOneInsertWhenItCommits() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        String expiry = deadlines.schedule(DUE, "token-expiry", "expires", scope("tok-1"));
        String warning = deadlines.schedule(DUE.minus(7, ChronoUnit.DAYS), "token-expiry-warning", "warn", scope("tok-1"));
        assertThat(statements.prepared()).as("nothing is written before the commit").isEmpty();
        unitOfWork.commit();

        assertThat(statements.prepared()).hasSize(1);
        assertThat(statements.prepared().get(0)).startsWithIgnoringCase("insert into scheduled_tasks");
        assertThat(stored()).containsExactlyInAnyOrder(
                new Stored(expiry, DUE, "token-expiry", "expires", scope("tok-1")),
                new Stored(warning, DUE.minus(7, ChronoUnit.DAYS), "token-expiry-warning", "warn", scope("tok-1")));
    }

    @Test
    void aUnitOfWorkRolledBackStoresNoDeadline() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        deadlines.schedule(DUE, "token-expiry", "expires", scope("tok-1"));
        unitOfWork.rollback();

        assertThat(statements.prepared()).isEmpty();
        assertThat(stored()).isEmpty();
    }

    @Test
    void aDeadlineSetOutsideAUnitOfWorkIsStoredAtOnce() {
        String id = deadlines.schedule(DUE, "token-expiry", "expires", scope("tok-2"));

        assertThat(stored()).containsExactly(new Stored(id, DUE, "token-expiry", "expires", scope("tok-2")));
    }

    @Test
    void aCancelledDeadlineIsGone() {
        String kept = deadlines.schedule(DUE, "token-expiry", "expires", scope("tok-3"));
        String cancelled = deadlines.schedule(DUE, "token-expiry", "expires", scope("tok-4"));

        deadlines.cancelSchedule("token-expiry", cancelled);

        assertThat(stored()).extracting(Stored::id).containsExactly(kept);
    }

    private static ScopeDescriptor scope(String tokenId) {
        return new AggregateScopeDescriptor("Token", tokenId);
    }

    /** What Axon's deadline task would fire: the stored details read back the way it reads them. */
    private List<Stored> stored() {
        List<Stored> stored = new ArrayList<>();
        scheduler.fetchScheduledExecutionsForTask("AxonDeadline", DbSchedulerBinaryDeadlineDetails.class,
                (ScheduledExecution<DbSchedulerBinaryDeadlineDetails> execution) -> {
                    DbSchedulerBinaryDeadlineDetails details = execution.getData();
                    GenericDeadlineMessage<?> message = details.asDeadLineMessage(serializer);
                    stored.add(new Stored(execution.getTaskInstance().getId(), execution.getExecutionTime(),
                            message.getDeadlineName(), message.getPayload(),
                            details.getDeserializedScopeDescriptor(serializer)));
                });
        return stored;
    }

    private record Stored(String id, Instant dueAt, String deadlineName, Object payload, ScopeDescriptor scope) {
    }
}

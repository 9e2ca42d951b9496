package org.tokensuite.command.eventstore;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.testsupport.GenericPlans;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the events of the tokens a bulk revocation's chunk loads: one query, each token's events once and in order,
 * and a probe of the (aggregate, sequence number) index per token with the plan a server keeps once it settles on a
 * generic one, made while the store was empty (such a plan is kept however large the store grows where no ANALYZE
 * replaces it).
 */
class ReadAheadTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-read-ahead", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void theEventsOfSeveralTokensAreReadByKeyHoweverLargeTheStoreGrewSinceThePlanWasMade() {
        EventSchema schema = new EventSchema();
        assertThat(GenericPlans.onEmptyTables(database, PrefetchingEventStorageEngine.readManySql(schema),
                List.of(schema.domainEventTable())))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using domainevententry_aggregateidentifier_sequencenumber_key");
    }

    @Test
    void eachTokenReadAheadGetsItsOwnEventsOnceAndInOrderEvenWhenNamedTwice() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        EventSchema schema = new EventSchema();
        PrefetchingEventStorageEngine engine = new PrefetchingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer).eventSerializer(serializer)
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(schema), schema, new JdbcTemplate(dataSource));
        engine.appendEvents(event("tok-a", 0, "a0"), event("tok-b", 0, "b0"), event("tok-a", 1, "a1"),
                event("tok-a", 2, "a2"), event("tok-b", 1, "b1"));

        List<List<Object>> read = engine.withEventsOf(List.of("tok-b", "tok-a", "tok-b", "tok-none"), () -> List.of(
                payloads(engine, "tok-a"), payloads(engine, "tok-b"), payloads(engine, "tok-none")));

        assertThat(read).containsExactly(List.of("a0", "a1", "a2"), List.of("b0", "b1"), List.of());
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Token", aggregate, sequence, payload);
    }

    private static List<Object> payloads(PrefetchingEventStorageEngine engine, String aggregate) {
        return engine.readEvents(aggregate).asStream().map(message -> (Object) message.getPayload()).toList();
    }
}

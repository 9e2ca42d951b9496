package org.tokensuite.command.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tokensuite.testsupport.GenericPlans;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.TestDatabase;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the events of the tokens a command loads stays a probe of the (aggregate, sequence number) index per token
 * with the plan a server keeps once it settles on a generic one, made while the store was empty: such a plan is kept
 * however large the store grows where no ANALYZE replaces it.
 */
class ReadAheadPlanTest {

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
}

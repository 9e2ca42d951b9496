package org.tokensuite.audit.projection;

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
 * Before each append the writer asks which of a batch's events the log already holds. That question stays a probe of
 * the event id's index per event with the plan a server keeps once it settles on a generic one, made while the log
 * was empty: such a plan is kept however long the log grows where no ANALYZE replaces it, and as a table scan it
 * cost a second per batch at 94,000 entries.
 */
class RecordedEventsPlanTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("audit-plans", Map.of("writer_role", "tokens_audit_writer"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void theDuplicateCheckProbesTheEventIdIndexHoweverLongTheLogGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, AuditLogWriter.RECORDED, List.of("audit_entry")))
                .doesNotContain("Seq Scan")
                .contains("audit_entry_event_id_key");
    }
}

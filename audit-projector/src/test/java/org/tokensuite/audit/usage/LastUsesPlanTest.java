package org.tokensuite.audit.usage;

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
 * A report's last uses are read by token id with a probe of the primary key per token, also with the plan a server
 * keeps once it settles on a generic one, made while the table was empty.
 */
class LastUsesPlanTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("audit-last-use-plans", Map.of("writer_role", "tokens_audit_writer"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void lastUsesAreReadByKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, LastUses.OF_TOKENS, List.of("token_last_use")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using token_last_use_pkey");
    }
}

package org.tokensuite.command.catalogue;

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
 * Every issue locks and reads the systems its scopes name, usually one: those two statements are planned once by the
 * server, not at every issue (planning the list form cost more than running it).
 */
class CataloguePlansTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-catalogue-plans", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void oneSystemIsLockedAndReadWithPlansTheServerKeeps() {
        String lockArguments = JdbcScopeCatalogue.LOCK_SPACE + ", 'billing'";
        assertThat(GenericPlans.customPlans(database, JdbcScopeCatalogue.READ, List.of("'{billing}'"), 20)).isEqualTo(20);
        assertThat(GenericPlans.customPlans(database, JdbcScopeCatalogue.READ_ONE, List.of("'billing'"), 20))
                .isLessThanOrEqualTo(5);
        assertThat(GenericPlans.customPlans(database, JdbcScopeCatalogue.LOCK_ONE, List.of(lockArguments), 20))
                .isLessThanOrEqualTo(5);
    }

    @Test
    void oneSystemIsReadByItsKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, JdbcScopeCatalogue.READ_ONE, List.of("scope_systems")))
                .doesNotContain("Seq Scan")
                .contains("scope_systems_pkey");
    }
}

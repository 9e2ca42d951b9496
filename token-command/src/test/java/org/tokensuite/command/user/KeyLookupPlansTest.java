package org.tokensuite.command.user;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tokensuite.testsupport.GenericPlans;
import org.tokensuite.testsupport.MigratedDatabase;
import org.tokensuite.testsupport.TestDatabase;

import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.RevocationSelector;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command path's reads and writes by a list of keys stay probes of their keys' indexes with the plan a server
 * keeps once it settles on a generic one, made while the tables were empty (a new deployment): such a plan is kept
 * however large the tables grow where no ANALYZE replaces it.
 */
class KeyLookupPlansTest {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = MigratedDatabase.create("command-plans", Map.of());
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void ownersStandingsAreReadByKeyHoweverLargeTheTablesGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, UserDirectory.STANDINGS, List.of("users", "service_accounts")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using users_pkey", "Index Scan using service_accounts_pkey");
    }

    @Test
    void anIssuesOwnerStandingIsReadByKeyAndPlannedOnceNotAtEveryRun() {
        assertThat(GenericPlans.onEmptyTables(database, UserDirectory.STANDING, List.of("users", "service_accounts")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using users_pkey", "Index Scan using service_accounts_pkey");
        // The server plans a statement's first five runs for their values; after that the list form goes on being
        // planned at every run, the one-owner form reuses its generic plan.
        assertThat(GenericPlans.customPlans(database, UserDirectory.STANDINGS, List.of("'{alice}'", "'{alice}'"), 20))
                .isEqualTo(20);
        assertThat(GenericPlans.customPlans(database, UserDirectory.STANDING, List.of("'alice'", "'alice'"), 20))
                .isLessThanOrEqualTo(5);
    }

    @Test
    void dueDeadlinesAreFoundByTheirExecutionTimeHoweverManyAreScheduled() {
        // db-scheduler's poll (priority not enabled), as it sends it.
        String due = "select * from scheduled_tasks where picked = ? and execution_time <= ? ORDER BY execution_time ASC LIMIT 12";
        assertThat(GenericPlans.onEmptyTables(database, due, List.of("scheduled_tasks")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using scheduled_tasks_execution_time");
    }

    @Test
    void aBatchOfFinalTokenStatesIsWrittenByKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, UserRegistry.FINAL_STATE, List.of("user_tokens")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using user_tokens_pkey");
    }

    @Test
    void aTokensPlacementWalksItsIssuersByKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, TokenLineage.PLACEMENT, List.of("user_tokens")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using user_tokens_pkey");
    }

    @Test
    void aTokensLiveDescendantsAreWalkedByKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        assertThat(GenericPlans.onEmptyTables(database, TokenLineage.LIVE_DESCENDANTS, List.of("user_tokens")))
                .doesNotContain("Seq Scan", "Bitmap")
                .contains("Index Scan using user_tokens_pkey");
    }

    @Test
    void aSelectionWalksTheCallersAndTheIssuersDescendantsByKeyHoweverLargeTheTableGrewSinceThePlanWasMade() {
        TokenId issuer = new TokenId("tok_" + "a".repeat(32));
        RevocationSelector byIssuer = new RevocationSelector(new UserId("alice"), null, issuer, null, null, null, null, null);
        TokenSelection.Query query = TokenSelection.query(byIssuer,
                new TokenSelection.Reach(new UserId("alice"), new TokenId("tok_" + "b".repeat(32)), false));
        String sql = NamedParameterUtils.substituteNamedParameters(query.sql(), query.params());
        // An owner's selection: the owner's tokens by their index, and each walk's steps by the issuer index.
        assertThat(GenericPlans.onEmptyTables(database, sql, List.of("user_tokens")))
                .doesNotContain("Seq Scan")
                .contains("Index Scan using user_tokens_issued_by_idx");
    }
}

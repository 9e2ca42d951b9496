package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;

import java.util.EnumSet;

/**
 * The planner's statistics of the suite's databases after a step's set-up grew them, and about once a minute while
 * the command step's warm-up grows them from nothing. A server with autovacuum off
 * (some CI machines turn it off) never refreshes them: a table that was empty when first analysed stays "empty" to
 * the planner, and a query for a few hundred ids by an indexed column becomes a scan of the whole table. That is a
 * server no deployment runs, so the benchmark does what autovacuum would have done by then: ANALYZE, untimed,
 * saying so. With autovacuum on, nothing is done.
 */
final class PlannerStatistics {

    private PlannerStatistics() {
    }

    static void refreshWhereAutovacuumIsOff(BenchmarkContext context) {
        Suite suite = context.suite().orElse(null);
        if (suite == null || !"off".equals(suite.databases().setting("autovacuum"))) {
            return;
        }
        System.out.println("[bench] the server's autovacuum is off: ANALYZE on the suite's databases (untimed), "
                + "as autovacuum would have done by now");
        for (Service service : EnumSet.of(Service.TOKEN_COMMAND, Service.TOKEN_QUERY, Service.AUDIT_PROJECTOR,
                Service.LIFECYCLE_LISTENER)) {
            suite.databases().executeIn(suite.databaseName(service), "ANALYZE");
        }
    }
}

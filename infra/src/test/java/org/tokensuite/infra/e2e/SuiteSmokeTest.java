package org.tokensuite.infra.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.tokensuite.infra.Ports;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.SuiteOptions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole suite as its users meet it: a real Kafka broker and the four services, each its own
 * process, on free ports with fresh databases on PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteSmokeTest {

    private static Suite suite;

    @BeforeAll
    static void startTheSuite() {
        suite = Suite.start(SuiteOptions.isolated(SuiteOptions.findRoot(), E2eDirectories.forTest("smoke")));
    }

    @AfterAll
    static void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void allFourServicesReportHealthy() {
        for (Service service : Service.values()) {
            assertThat(suite.healthStatus(service)).as(service.module() + " health").isEqualTo("UP");
        }
    }

    @Test
    @Order(2)
    void eachServiceHasItsOwnDatabase() {
        for (Service service : Service.values()) {
            assertThat(suite.databases().exists(suite.databaseName(service))).as(suite.databaseName(service)).isTrue();
        }
    }

    @Test
    @Order(3)
    void lifecycleListenerWasGivenItsOwnNarrowToken() {
        assertThat(suite.lifecycleTokenId()).isPresent();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void stoppingTheSuiteLeavesNoProcessNoPortAndNoDatabase() {
        List<ProcessHandle> processes = suite.processes();
        List<Integer> ports = suite.ports();

        suite.close();

        assertThat(processes).hasSize(5).noneMatch(ProcessHandle::isAlive);
        assertThat(ports).noneMatch(Ports::inUse);
        for (Service service : Service.values()) {
            assertThat(suite.databases().exists(suite.databaseName(service))).as(suite.databaseName(service)).isFalse();
        }
    }
}

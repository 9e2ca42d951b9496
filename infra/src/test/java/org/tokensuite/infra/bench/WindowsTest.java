package org.tokensuite.infra.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void completionsAreCountedInTheHalfTheyFellInAndTheTailAfterTheWindowIsLeftOut() {
        long[] completedAt = {SECOND / 2, SECOND, 3 * SECOND / 2, 5 * SECOND / 2, 3 * SECOND, 4 * SECOND + 1};

        Halves halves = ClosedLoop.halves(completedAt, 4 * SECOND);

        assertThat(halves.firstPerSecond()).isEqualTo(1.5);
        assertThat(halves.secondPerSecond()).isEqualTo(1.0);
    }

    @Test
    void halvesTenPercentApartAreSteadyAndMoreAreNot() {
        assertThat(new Halves(1000, 900).steady()).isTrue();
        assertThat(new Halves(900, 1000).steady()).isTrue();
        assertThat(new Halves(1000, 899).steady()).isFalse();
        assertThat(Halves.unknown().steady()).isFalse();
    }

    @Test
    void aStepWithOneUnsteadyPhaseIsReportedNotSteadyNamingThePhase() {
        Results results = new Results(java.util.Map.of());

        results.steadiness("commands", List.of(
                new Results.Phase("issue", Duration.ofSeconds(30), Duration.ofSeconds(15), new Halves(1000, 980)),
                new Results.Phase("revoke", Duration.ofSeconds(30), Duration.ofSeconds(10), new Halves(1000, 600))));

        assertThat(results.table()).contains("NOT STEADY: revoke").contains("worst 40.0 % apart")
                .contains("issue (30 s warm-up, 15 s measured): 1,000 → 980/s");
    }

    @Test
    void aPipeInACellIsEscapedSoTheTableKeepsItsColumns() {
        Results results = new Results(java.util.Map.of());

        results.notMeasured("a figure", "–", "wrk said a|b");

        assertThat(results.table()).contains("| not measured: wrk said a\\|b |");
    }

    @Test
    void aClosedLoopCountsEveryCompletedCallAndTheThreadsThatRanOutOfWork() throws Exception {
        Window window = ClosedLoop.run("test", 2, Duration.ofMillis(300), thread -> i -> {
            if (thread == 1 && i == 3) {
                return false;
            }
            Thread.sleep(1);
            return true;
        });

        assertThat(window.threadsDoneEarly()).isEqualTo(1);
        assertThat(window.count()).isGreaterThan(3).isEqualTo(window.latencies().count());
    }
}

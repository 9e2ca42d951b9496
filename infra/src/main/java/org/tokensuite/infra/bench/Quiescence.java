package org.tokensuite.infra.bench;

import org.tokensuite.infra.Suite;

import java.time.Duration;
import java.util.List;

/**
 * Waits, untimed, until a step's set-up has stopped echoing through the suite before the step starts its clock. A
 * set-up leaves work behind that is not the step's: the usage of tokens it checked is flushed up to one flush
 * interval later (summaries on the usage topic, anomaly checks, audit entries), and its events are still being
 * projected. Measured on top of that, a step would time the set-up's tail as well as itself. Quiet means the suite's
 * processes (broker and services, their CPU from {@code /proc}) used under {@link #QUIET_CORES} of one core over
 * {@link #WINDOW}, after at least the given minimum; the wait is bounded and its outcome printed, never hidden.
 */
final class Quiescence {

    static final double QUIET_CORES = 0.2;
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Duration LIMIT = Duration.ofSeconds(60);
    /** token-query's default tokens.usage.flush-interval; the suites the benchmark starts run with it. */
    static final Duration USAGE_FLUSH = Duration.ofSeconds(10);

    private Quiescence() {
    }

    /**
     * After a set-up that introspected the tokens it made: those checks are uses, flushed within one usage interval
     * (then summarised on the usage topic, taken in by the audit log and token-command, checked for anomalies).
     */
    static void afterChecks(BenchmarkContext context, String what) throws InterruptedException {
        await(context, USAGE_FLUSH.plusSeconds(1), what);
    }

    /**
     * Waits at least {@code minimum}, then until the suite is quiet or {@link #LIMIT} has passed. Against a suite the
     * benchmark did not start (no processes to read) it only waits the minimum.
     */
    static void await(BenchmarkContext context, Duration minimum, String what) throws InterruptedException {
        long started = System.nanoTime();
        Thread.sleep(minimum.toMillis());
        List<Long> processes = context.suite().map(Suite::processes).orElse(List.of()).stream().map(ProcessHandle::pid).toList();
        if (processes.isEmpty()) {
            System.out.printf("[bench] %s: waited %.0f s for the set-up to settle (no processes to watch)%n", what,
                    minimum.toMillis() / 1000.0);
            return;
        }
        long deadline = started + LIMIT.toNanos();
        double cores;
        do {
            double before = ProcessCpu.total(processes);
            long from = System.nanoTime();
            Thread.sleep(WINDOW.toMillis());
            // NaN (a process could not be read) ends the wait: the comparison below is false.
            cores = (ProcessCpu.total(processes) - before) / ((System.nanoTime() - from) / 1e9);
        } while (cores >= QUIET_CORES && System.nanoTime() < deadline);
        System.out.printf("[bench] %s: the set-up settled for %.1f s (untimed); the suite then used %.2f of a core%s%n",
                what, (System.nanoTime() - started) / 1e9, cores,
                cores >= QUIET_CORES ? " — NOT QUIET after " + LIMIT.toSeconds() + " s, measured all the same" : "");
    }
}

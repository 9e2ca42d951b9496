package org.tokensuite.infra.bench;

import java.util.Set;

/**
 * One step of the benchmark: a name {@code BENCH_ONLY} selects it by, and a measurement that adds its
 * rows (and JSON) to {@link BenchmarkContext#results()}. {@link Benchmark} runs the selected steps in
 * order and, when one throws, reports its {@link #figure} as not measured, with the reason, and goes on.
 */
interface BenchmarkStep {

    /** A figure of the table: its row's name and its target ("–" when none). */
    record Figure(String what, String target) {
    }

    /** The name {@code BENCH_ONLY} selects it by. */
    String name();

    /** Whether it runs for this {@code BENCH_ONLY} selection (empty: all steps). */
    default boolean selectedBy(Set<String> only) {
        return only.isEmpty() || only.contains(name());
    }

    /** Measures and reports; may leave what later steps need in the context. */
    void run(BenchmarkContext context) throws Exception;

    /** The figure reported as not measured when {@link #run} fails. */
    Figure figure(BenchmarkContext context);

    /** Rows that do not depend on whether {@link #run} succeeded, reported after it (and after its failure). */
    default void afterwards(BenchmarkContext context) {
    }

    /** What to note when it is not selected. */
    default void skipped(BenchmarkContext context) {
    }
}

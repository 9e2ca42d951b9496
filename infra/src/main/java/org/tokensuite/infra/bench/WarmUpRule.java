package org.tokensuite.infra.bench;

import java.time.Duration;

/**
 * How long a server is warmed up before a measured window: at least {@code least}; then on, in slices, while its JIT
 * compiler threads took more than {@link ProcessCpu#COMPILERS_SETTLED} of its CPU in the last slice, up to
 * {@code most}. On two busy cores a JVM server keeps compiling for minutes, and a window taken before that measures
 * its compilers. A share that cannot be read (NaN: no process to read) ends the warm-up at {@code least}.
 */
record WarmUpRule(Duration least, Duration most, Duration slice) {

    WarmUpRule {
        if (most.compareTo(least) < 0) {
            most = least;
        }
    }

    /** Whether to warm up for another slice after {@code taken}, the compilers' share of the last one being {@code share}. */
    boolean goesOn(Duration taken, double share) {
        return taken.compareTo(least) < 0 || (share > ProcessCpu.COMPILERS_SETTLED && taken.compareTo(most) < 0);
    }

    /** The next slice after {@code taken}: never past {@code least} while short of it, nor past {@code most}. */
    Duration next(Duration taken) {
        Duration left = (taken.compareTo(least) < 0 ? least : most).minus(taken);
        return left.compareTo(slice) < 0 ? left : slice;
    }
}

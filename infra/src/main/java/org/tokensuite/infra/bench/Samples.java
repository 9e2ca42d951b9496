package org.tokensuite.infra.bench;

import java.util.Arrays;
import java.util.Collection;

/** A growable array of durations in nanoseconds, one per thread (not thread-safe). */
final class Samples {

    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    static long[] merge(Collection<Samples> all) {
        long[] merged = new long[all.stream().mapToInt(Samples::size).sum()];
        int at = 0;
        for (Samples s : all) {
            System.arraycopy(s.values, 0, merged, at, s.size);
            at += s.size;
        }
        return merged;
    }
}

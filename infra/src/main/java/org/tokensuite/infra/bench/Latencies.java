package org.tokensuite.infra.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles of a set of measured durations (nanoseconds in, milliseconds out). */
public record Latencies(int count, double p50Millis, double p99Millis, double maxMillis) {

    public static Latencies of(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("p50_ms", p50Millis);
        m.put("p99_ms", p99Millis);
        m.put("max_ms", maxMillis);
        return m;
    }
}

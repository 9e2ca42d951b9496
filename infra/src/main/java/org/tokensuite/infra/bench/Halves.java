package org.tokensuite.infra.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throughput in the first and the second half of a measured window: a window is called steady when
 * the two are within {@link #STEADY} of each other (relative to the larger), i.e. the warm-up was long
 * enough and nothing drifted (a backlog building, GC, a neighbour's build) while it was measured.
 * NaN when they could not be counted.
 */
record Halves(double firstPerSecond, double secondPerSecond) {

    static final double STEADY = 0.10;

    static Halves unknown() {
        return new Halves(Double.NaN, Double.NaN);
    }

    boolean known() {
        return !Double.isNaN(firstPerSecond) && !Double.isNaN(secondPerSecond);
    }

    /** |first − second| / max(first, second); NaN when unknown. */
    double apart() {
        double larger = Math.max(firstPerSecond, secondPerSecond);
        return larger == 0 ? 0 : Math.abs(firstPerSecond - secondPerSecond) / larger;
    }

    boolean steady() {
        return known() && apart() <= STEADY;
    }

    String text() {
        return known() ? String.format("%,.0f → %,.0f/s", firstPerSecond, secondPerSecond) : "halves not counted";
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_half_per_s", firstPerSecond);
        m.put("second_half_per_s", secondPerSecond);
        m.put("halves_apart", apart());
        m.put("steady", steady());
        return m;
    }
}

package org.tokensuite.infra.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured window of closed-loop load ({@link ClosedLoop}): what ran, after which warm-up, how many
 * calls completed in how long, their latencies, the throughput of each half, and how many threads ran
 * out of work before the end (their absence lowers the second half).
 */
record Window(String phase, int threads, Duration warmUp, Duration length, long count, double seconds,
              Latencies latencies, Halves halves, int threadsDoneEarly) {

    double perSecond() {
        return count / seconds;
    }

    /** The same window, with the warm-up that preceded it stated. */
    Window after(Duration warmUpTaken) {
        return new Window(phase, threads, warmUpTaken, length, count, seconds, latencies, halves, threadsDoneEarly);
    }

    /** For {@link Results#steadiness}: this window as one of a step's phases. */
    Results.Phase asPhase() {
        String note = threadsDoneEarly == 0 ? "" : " (" + threadsDoneEarly + " of " + threads + " threads ran out of work)";
        return new Results.Phase(phase + note, warmUp, length, halves);
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", threads);
        m.put("warm_up_s", warmUp.toSeconds());
        m.put("window_s", length.toSeconds());
        m.put("count", count);
        m.put("seconds", seconds);
        m.put("per_s", perSecond());
        m.putAll(latencies.json());
        m.putAll(halves.json());
        m.put("threads_done_early", threadsDoneEarly);
        return m;
    }
}

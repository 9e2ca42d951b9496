package org.tokensuite.query.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code http.server.requests} whole for the introspections {@link DirectIntrospection} answers without WebFlux
 * (whose observation would otherwise have timed them): the same meter, the same tags ({@code uri=/v1/introspect},
 * {@code method=POST}, the status and its outcome), so dashboards and alerts see one latency histogram. Off together
 * with the server's own timer ({@code management.observations.enable.http.server.requests}).
 */
final class DirectAnswerTimer {

    static final String METER = "http.server.requests";

    private final MeterRegistry meters;
    private final boolean enabled;
    /** By status code: registered on first use (the registry answers the same meter again if two threads race). */
    private final Timer[] byStatus = new Timer[600];

    DirectAnswerTimer(MeterRegistry meters, boolean enabled) {
        this.meters = meters;
        this.enabled = enabled;
    }

    void record(int status, long nanos) {
        if (!enabled) {
            return;
        }
        Timer timer = byStatus[status];
        if (timer == null) {
            timer = Timer.builder(METER)
                    .tag("uri", DirectIntrospection.PATH)
                    .tag("method", "POST")
                    .tag("status", Integer.toString(status))
                    .tag("outcome", outcome(status))
                    .tag("exception", "none")
                    .tag("error", "none")
                    .register(meters);
            byStatus[status] = timer;
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        if (status < 300) {
            return "SUCCESS";
        }
        return status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }
}

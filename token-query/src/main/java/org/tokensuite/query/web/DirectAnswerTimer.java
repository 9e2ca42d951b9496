package org.tokensuite.query.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code http.server.requests} whole for the introspections {@link DirectIntrospection} answers without WebFlux
 * (whose observation would otherwise have timed them): the same meter and tags ({@code uri} the route,
 * {@code method}, the status and its outcome), so dashboards and alerts see one latency histogram. A method outside
 * HTTP's standard ones is tagged {@code UNKNOWN}, so a caller cannot mint meters. Off together with the server's own
 * timer ({@code management.observations.enable.http.server.requests}).
 */
final class DirectAnswerTimer {

    static final String METER = "http.server.requests";
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);
    private static final int STATUSES = 600;

    private final MeterRegistry meters;
    private final boolean enabled;
    /** By route, method (the last: UNKNOWN) and status, registered on first use (the registry answers a race alike). */
    private final Timer[] timers = new Timer[DirectIntrospection.Route.values().length * (METHODS.size() + 1) * STATUSES];

    DirectAnswerTimer(MeterRegistry meters, boolean enabled) {
        this.meters = meters;
        this.enabled = enabled;
    }

    void record(DirectIntrospection.Route route, HttpMethod method, int status, long nanos) {
        if (!enabled) {
            return;
        }
        int methodIndex = METHODS.indexOf(method);
        if (methodIndex < 0) {
            methodIndex = METHODS.size();
        }
        int slot = (route.ordinal() * (METHODS.size() + 1) + methodIndex) * STATUSES + status;
        Timer timer = timers[slot];
        if (timer == null) {
            timer = Timer.builder(METER)
                    .tag("uri", route.uri)
                    .tag("method", methodIndex < METHODS.size() ? method.name() : "UNKNOWN")
                    .tag("status", Integer.toString(status))
                    .tag("outcome", outcome(status))
                    .tag("exception", "none")
                    .tag("error", "none")
                    .register(meters);
            timers[slot] = timer;
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

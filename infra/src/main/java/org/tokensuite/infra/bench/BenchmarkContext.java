package org.tokensuite.infra.bench;

import org.tokensuite.infra.Databases;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.client.SuiteClient;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the benchmark's steps share: the settings, the results being gathered, the suite under
 * measurement (once started) and what one step leaves for a later one (the JDBC lookups for the
 * introspection rows, the commit floor for the command rows, Keycloak until it is measured, the
 * introspection mix for the usage cost).
 */
final class BenchmarkContext {

    private final Set<String> only;
    private final Results results;
    private final WrkLoad wrk;
    private final Databases databases;
    private final int connections;
    private final Duration warmUp;
    private final Duration duration;

    private Suite suite;
    private Endpoints endpoints;
    private SuiteClient client;
    private String introspector;

    Map<String, Window> floor;
    Window commitFloor;
    KeycloakReference keycloak;
    String keycloakWhyNot;
    WrkLoad.Result keycloakIntrospection;
    WrkLoad.Result introspection;
    IntrospectionLoad.Mix mix;

    BenchmarkContext(Set<String> only, Results results, WrkLoad wrk, Databases databases, int connections,
                     Duration warmUp, Duration duration) {
        this.only = only;
        this.results = results;
        this.wrk = wrk;
        this.databases = databases;
        this.connections = connections;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    /** The suite to measure: {@code suite} null when it is a running one the benchmark did not start. */
    void measure(Suite suite, Endpoints endpoints) {
        this.suite = suite;
        this.endpoints = endpoints;
        this.client = new SuiteClient(new SuiteClient.Endpoints(endpoints.command(), endpoints.query(), endpoints.audit()),
                endpoints.adminToken());
    }

    Set<String> only() {
        return only;
    }

    boolean selected(String step) {
        return only.isEmpty() || only.contains(step);
    }

    Results results() {
        return results;
    }

    WrkLoad wrk() {
        return wrk;
    }

    Databases databases() {
        return databases;
    }

    int connections() {
        return connections;
    }

    Duration warmUp() {
        return warmUp;
    }

    Duration duration() {
        return duration;
    }

    /** The suite the benchmark started, if it did (steps that restart token-query need it). */
    Optional<Suite> suite() {
        return Optional.ofNullable(suite);
    }

    Endpoints endpoints() {
        return endpoints;
    }

    /** After token-query was started again: its new pid, for CPU and heap readings. */
    void tokenQueryRestarted() {
        endpoints = endpoints.withTokenQueryPid(Benchmark.tokenQueryPid(suite));
    }

    /** After token-command was started again: its new pid(s), for CPU readings. */
    void tokenCommandRestarted() {
        endpoints = endpoints.withTokenCommandPids(Benchmark.tokenCommandPids(suite));
    }

    /** The suite's API, as the bootstrap admin. */
    SuiteClient client() {
        return client;
    }

    /** A service credential holding {@code tokens:introspect}, issued once for every step. */
    String introspector() {
        return introspector;
    }

    void introspector(String credential) {
        this.introspector = credential;
    }
}

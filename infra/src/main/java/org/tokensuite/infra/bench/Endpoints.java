package org.tokensuite.infra.bench;

import java.net.URI;
import java.util.Optional;

/**
 * Where the suite under measurement answers: its own isolated suite, or a running one named by
 * BENCH_COMMAND_URL / BENCH_QUERY_URL / BENCH_AUDIT_URL / BENCH_ADMIN_TOKEN / BENCH_KAFKA.
 * {@code tokenQueryPid} is known only for a suite the benchmark started (for heap readings).
 */
record Endpoints(URI command, URI query, URI audit, String adminToken, String kafkaBootstrapServers,
                 Optional<Long> tokenQueryPid) {

    static Optional<Endpoints> fromEnvironment() {
        String command = System.getenv("BENCH_COMMAND_URL");
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Endpoints(URI.create(command), URI.create(required("BENCH_QUERY_URL")),
                URI.create(required("BENCH_AUDIT_URL")), required("BENCH_ADMIN_TOKEN"),
                required("BENCH_KAFKA"), Optional.empty()));
    }

    /** The same suite after token-query was started again (a new process). */
    Endpoints withTokenQueryPid(Optional<Long> pid) {
        return new Endpoints(command, query, audit, adminToken, kafkaBootstrapServers, pid);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is needed when BENCH_COMMAND_URL names a running suite");
        }
        return value.trim();
    }
}

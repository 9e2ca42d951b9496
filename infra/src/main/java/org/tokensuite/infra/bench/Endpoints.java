package org.tokensuite.infra.bench;

import org.tokensuite.infra.KafkaAccess;
import org.tokensuite.infra.KafkaCredentials;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the suite under measurement answers: its own isolated suite, or a running one named by
 * BENCH_COMMAND_URL / BENCH_QUERY_URL / BENCH_AUDIT_URL / BENCH_ADMIN_TOKEN / BENCH_KAFKA, and
 * BENCH_KAFKA_SECRETS (the folder of the principals' Kafka password files, {@code run/secrets/kafka})
 * when that suite's broker is secured.
 * The process ids are known only for a suite the benchmark started: {@code tokenQueryPid} for heap and
 * CPU readings of token-query, {@code tokenCommandPids} (every token-command instance) for CPU per command.
 */
record Endpoints(URI command, URI query, URI audit, String adminToken, KafkaAccess kafka,
                 Optional<Long> tokenQueryPid, List<Long> tokenCommandPids) {

    /** Why CPU figures of a service cannot be taken: the suite was given by URL, its processes are not known here. */
    static final String NO_PIDS = "the suite was given by URL (BENCH_COMMAND_URL), so its processes' CPU time cannot be read";

    static Optional<Endpoints> fromEnvironment() {
        String command = System.getenv("BENCH_COMMAND_URL");
        if (command == null || command.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Endpoints(URI.create(command), URI.create(required("BENCH_QUERY_URL")),
                URI.create(required("BENCH_AUDIT_URL")), required("BENCH_ADMIN_TOKEN"),
                new KafkaAccess(required("BENCH_KAFKA"), secrets()), Optional.empty(), List.of()));
    }

    /** The same suite after token-query was started again (a new process). */
    Endpoints withTokenQueryPid(Optional<Long> pid) {
        return new Endpoints(command, query, audit, adminToken, kafka, pid, tokenCommandPids);
    }

    /** The same suite after token-command was started again. */
    Endpoints withTokenCommandPids(List<Long> pids) {
        return new Endpoints(command, query, audit, adminToken, kafka, tokenQueryPid, List.copyOf(pids));
    }

    private static KafkaCredentials secrets() {
        String folder = System.getenv("BENCH_KAFKA_SECRETS");
        return folder == null || folder.isBlank() ? null : new KafkaCredentials(Path.of(folder.trim()));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is needed when BENCH_COMMAND_URL names a running suite");
        }
        return value.trim();
    }
}

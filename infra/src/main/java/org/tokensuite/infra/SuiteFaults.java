package org.tokensuite.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The fault hooks: crash one part of a running suite, or stop it, and start it again as it was
 * (same ports, database, environment and data). The fault tests and the benchmark's restarts use
 * them through {@link Suite}.
 */
final class SuiteFaults {

    private final SuiteProcesses processes;
    private final Duration startupTimeout;

    SuiteFaults(SuiteProcesses processes, Duration startupTimeout) {
        this.processes = processes;
        this.startupTimeout = startupTimeout;
    }

    /** SIGKILL one service, as a crash would; returns once it is gone. */
    void kill(Service service) {
        ChildProcess process = started(service);
        Console.info("killing %s (pid %d) with SIGKILL", service.instanceName(), process.pid());
        process.kill();
    }

    /** SIGTERM, SIGKILL after the grace period. */
    void stop(Service service) {
        ChildProcess process = started(service);
        Console.info("stopping %s (pid %d)", service.instanceName(), process.pid());
        process.stop(SuiteProcesses.SERVICE_STOP_GRACE);
    }

    /** Starts a service that is not running again; {@code oneOff} is added to its environment for this start only. */
    void relaunch(Service service, Map<String, String> oneOff) {
        ChildProcess process = started(service);
        if (process.isAlive()) {
            throw new IllegalStateException(service.instanceName() + " is still running (pid " + process.pid() + ")");
        }
        processes.startAgain(service, oneOff);
    }

    /** Waits until the service reports {@code UP}, at most the startup timeout; fails if it exits first. */
    void awaitHealthy(Service service) {
        processes.awaitHealthy(List.of(service), Instant.now().plus(startupTimeout));
    }

    /** SIGKILL the broker, as a crash would; its data folder stays. */
    void killKafka() {
        processes.broker().kill();
    }

    /** Starts the broker again on the same data folder and ports; waits until it answers. */
    void restartKafka() {
        KafkaBroker kafka = processes.broker();
        if (kafka.isAlive()) {
            throw new IllegalStateException("kafka is still running");
        }
        Console.info("starting kafka again on %s with the same data", kafka.bootstrapServers());
        kafka.start(Duration.ofSeconds(90));
    }

    private ChildProcess started(Service service) {
        return processes.process(service)
                .orElseThrow(() -> new IllegalStateException(service.instanceName() + " was never started"));
    }
}

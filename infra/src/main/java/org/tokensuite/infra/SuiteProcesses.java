package org.tokensuite.infra;

import org.tokensuite.infra.client.SuiteClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The suite's child processes: the broker and the services' exec jars, each recorded in the
 * {@link PidFile}; started, awaited until healthy, stopped (services first, then the broker) and,
 * for the fault hooks, started again with the environment they had.
 */
final class SuiteProcesses {

    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);

    private final SuiteOptions options;
    private final PidFile pids;
    /** What every start of a service gets (ports, database, broker, introspection URLs), computed at that start. */
    private final Function<Service, Map<String, String>> commonEnv;
    /** Only for health checks: they need no credential. */
    private final SuiteClient health;
    private final Map<Service, ChildProcess> services = Collections.synchronizedMap(new EnumMap<>(Service.class));
    /** What each service was started with beyond the common environment, so it can be started again. */
    private final Map<Service, Map<String, String>> serviceEnv = Collections.synchronizedMap(new EnumMap<>(Service.class));
    private volatile KafkaBroker kafka;
    private volatile boolean closing;

    SuiteProcesses(SuiteOptions options, Function<Service, Map<String, String>> commonEnv) {
        this.options = options;
        this.pids = new PidFile(options.runDirectory().resolve("pids"));
        this.commonEnv = commonEnv;
        this.health = new SuiteClient(new SuiteClient.Endpoints(url(Service.TOKEN_COMMAND), url(Service.TOKEN_QUERY),
                url(Service.AUDIT_PROJECTOR)), null);
    }

    URI url(Service service) {
        return URI.create("http://127.0.0.1:" + options.port(service));
    }

    /** Stops the processes an earlier launcher left running, then fails if any of the suite's ports is taken. */
    void claimPorts() {
        pids.stopLeftovers();
        List<String> taken = new ArrayList<>();
        if (Ports.inUse(options.kafkaPort())) {
            taken.add(options.kafkaPort() + " (kafka)");
        }
        if (Ports.inUse(options.kafkaControllerPort())) {
            taken.add(options.kafkaControllerPort() + " (kafka controller)");
        }
        for (Service service : options.services()) {
            if (Ports.inUse(options.port(service))) {
                taken.add(options.port(service) + " (" + service.instanceName() + ")");
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("ports already in use on 127.0.0.1: " + String.join(", ", taken)
                    + ". Is another suite running? (ss -ltnp shows who holds them)");
        }
    }

    /** The broker, not yet started; {@code credentials} null for a broker without security. */
    KafkaBroker createBroker(KafkaCredentials credentials) {
        ensureNotClosing();
        kafka = new KafkaBroker(options.kafkaDirectory(), options.kafkaPort(), options.kafkaControllerPort(),
                options.resolveKafkaClasspath(), options.logDirectory().resolve("kafka.log"), options.kafkaJvmOptions(),
                credentials)
                .onSpawn(pids::record);
        return kafka;
    }

    KafkaBroker broker() {
        return kafka;
    }

    /** Starts the broker made by {@link #createBroker}, creates the topics and (when secured) applies the ACLs. */
    void startBroker() {
        kafka.start(Duration.ofSeconds(90));
        kafka.createTopics();
        if (kafka.secured()) {
            kafka.applyAcls();
        }
    }

    /** Starts {@code service} with the common environment plus {@code extraEnv}, remembered for a later restart. */
    void start(Service service, Map<String, String> extraEnv) {
        launch(service, extraEnv, Map.of());
    }

    /**
     * Starts a service that was started before, with the environment it had; {@code oneOff} overrides
     * it for this start only.
     */
    void startAgain(Service service, Map<String, String> oneOff) {
        launch(service, serviceEnv.get(service), oneOff);
    }

    private void launch(Service service, Map<String, String> extraEnv, Map<String, String> oneOff) {
        ensureNotClosing();
        Map<String, String> env = new HashMap<>(commonEnv.apply(service));
        env.putAll(extraEnv);
        env.putAll(oneOff);
        boolean restart = serviceEnv.containsKey(service);
        serviceEnv.put(service, Map.copyOf(extraEnv));
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(options.serviceJvmOptions(service));
        command.add("-jar");
        command.add(options.execJar(service).toString());
        Path log = logFile(service);
        ChildProcess process = ChildProcess.start(service.instanceName(), command, env, options.runDirectory(), log, restart);
        services.put(service, process);
        pids.record(process);
        Console.info("starting %s on port %d (pid %d, logs %s)", service.instanceName(), options.port(service), process.pid(), log);
    }

    Path logFile(Service service) {
        return options.logDirectory().resolve(service.instanceName() + ".log");
    }

    /** The service's process, if it was ever started (alive or not). */
    Optional<ChildProcess> process(Service service) {
        return Optional.ofNullable(services.get(service));
    }

    /** The {@code status} of {@code GET /actuator/health}, or null when it does not answer. */
    String healthStatus(Service service) {
        return health.healthStatus(url(service));
    }

    /** Waits until every one of {@code waitFor} reports {@code UP}; fails if one exits first or the deadline passes. */
    void awaitHealthy(List<Service> waitFor, Instant deadline) {
        Set<Service> pending = new LinkedHashSet<>(waitFor);
        while (!pending.isEmpty()) {
            ensureNotClosing();
            for (Service service : List.copyOf(pending)) {
                ChildProcess process = services.get(service);
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.instanceName() + " exited with " + process.exitValue()
                            + " before it was healthy; last lines of " + process.log() + ":\n" + process.tail(40));
                }
                if ("UP".equals(healthStatus(service))) {
                    pending.remove(service);
                    Console.info("%s is UP", service.instanceName());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                StringBuilder why = new StringBuilder("not healthy within " + options.startupTimeout().toSeconds() + " s:");
                for (Service service : pending) {
                    why.append("\n  ").append(service.instanceName()).append(" says ").append(healthStatus(service))
                            .append("; last lines of ").append(logFile(service)).append(":\n")
                            .append(services.get(service).tail(15));
                }
                throw new IllegalStateException(why.toString());
            }
            sleep(500);
        }
    }

    /** Every process started (broker and services), alive or not. */
    List<ProcessHandle> handles() {
        List<ProcessHandle> all = new ArrayList<>();
        if (kafka != null && kafka.process() != null) {
            all.add(kafka.process().handle());
        }
        Map.copyOf(services).values().forEach(p -> all.add(p.handle()));
        return all;
    }

    /** The name of a process that has exited although nobody asked it to, if any. */
    Optional<String> exitedUnasked() {
        if (closing) {
            return Optional.empty();
        }
        if (kafka != null && !kafka.isAlive()) {
            return Optional.of("kafka");
        }
        return Map.copyOf(services).entrySet().stream().filter(e -> !e.getValue().isAlive())
                .map(e -> e.getKey().instanceName()).findFirst();
    }

    /** From now on nothing starts (a Ctrl-C while starting ends the start). */
    void closing() {
        closing = true;
    }

    void ensureNotClosing() {
        if (closing) {
            throw new IllegalStateException("stopped while starting (Ctrl-C or SIGTERM)");
        }
    }

    /** Stops the services (all at once), then the broker; returns whether the broker is gone. */
    boolean stopAll() {
        List<Service> order = List.of(Service.LIFECYCLE_LISTENER, Service.AUDIT_PROJECTOR, Service.TOKEN_QUERY_2,
                Service.TOKEN_QUERY, Service.TOKEN_COMMAND_2, Service.TOKEN_COMMAND);
        Map<Service, ChildProcess> started = Map.copyOf(services);
        List<Service> running = order.stream().filter(s -> started.containsKey(s) && started.get(s).isAlive()).toList();
        if (!running.isEmpty()) {
            Console.info("stopping %s", running.stream().map(Service::module).toList());
        }
        for (Service service : running) {
            started.get(service).requestStop();
        }
        for (Service service : running) {
            if (!started.get(service).awaitOrKill(SERVICE_STOP_GRACE)) {
                Console.info("%s did not stop within %d s: killed", service.instanceName(), SERVICE_STOP_GRACE.toSeconds());
            }
        }
        if (kafka == null) {
            return true;
        }
        kafka.close();
        return !kafka.isAlive();
    }

    /** Once everything is stopped: the pid file only helps after a crash. */
    void forgetPids() {
        pids.delete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

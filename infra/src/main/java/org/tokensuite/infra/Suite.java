package org.tokensuite.infra;

import org.tokensuite.infra.client.SuiteClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The whole suite as child processes: one Kafka broker (KRaft) and the four services, each
 * {@code java -jar <module>-exec.jar} with its own database on PostgreSQL. {@link #start} returns
 * once every service reports {@code UP} on {@code /actuator/health}; {@link #close} stops the
 * services, then the broker (SIGTERM, SIGKILL after a grace period), leaving no process behind.
 *
 * <p>The façade the launcher, the benchmark and the tests call; the work is done by
 * {@link SuiteProcesses} (processes, pid file), {@link SuiteDatabases}, {@link SuiteCredentials}
 * (admin and lifecycle tokens, secrets files) and {@link SuiteFaults} (the fault hooks).
 */
public final class Suite implements AutoCloseable {

    /** Scopes of lifecycle-listener's own token: only what it needs to act on HR events. */
    public static final List<String> LIFECYCLE_SCOPES = SuiteCredentials.LIFECYCLE_SCOPES;

    private final SuiteOptions options;
    private final SuiteCredentials credentials;
    private final SuiteDatabases databases;
    private final SuiteProcesses processes;
    private final SuiteFaults faults;
    private volatile SuiteClient client;
    private boolean closed;

    private Suite(SuiteOptions options) {
        this.options = options;
        this.credentials = new SuiteCredentials(options);
        this.databases = new SuiteDatabases(options, credentials.databaseSecrets());
        this.processes = new SuiteProcesses(options, this::serviceEnvironment);
        this.faults = new SuiteFaults(processes, options.startupTimeout());
    }

    /** Starts Kafka and the four services and waits until all are healthy; on failure stops what it started. */
    public static Suite start(SuiteOptions options) {
        return start(options, suite -> { });
    }

    /**
     * As {@link #start(SuiteOptions)}, handing the suite to {@code created} before anything starts,
     * so that a shutdown hook can stop a suite that is still starting.
     */
    public static Suite start(SuiteOptions options, Consumer<Suite> created) {
        Suite suite = new Suite(options);
        created.accept(suite);
        try {
            suite.doStart();
            return suite;
        } catch (RuntimeException | Error e) {
            suite.close();
            throw e;
        }
    }

    /**
     * Forgets the local suite's state: drops its databases, deletes the broker's data and the kept
     * admin token. The suite must not be running.
     */
    public static void reset(SuiteOptions options) {
        SuiteDatabases.drop(options);
        FileTree.delete(options.kafkaDirectory());
        SuiteCredentials.forget(options);
        Console.info("reset: dropped the %s* databases and deleted %s", options.databasePrefix(), options.kafkaDirectory());
    }

    public URI url(Service service) {
        return processes.url(service);
    }

    /** A client of the suite's API, authenticating with the bootstrap admin token ({@link SuiteClient#as} for others). */
    public SuiteClient client() {
        return client;
    }

    public String kafkaBootstrapServers() {
        return processes.broker().bootstrapServers();
    }

    /** How infra's own clients reach the broker: bootstrap servers and, when secured, the credentials. */
    public KafkaAccess kafkaAccess() {
        return processes.broker().access();
    }

    /**
     * Properties for a Kafka client acting as {@code principal}: bootstrap servers, and SASL/SCRAM with
     * its credentials unless the suite runs with {@code --kafka-plaintext}. A new, mutable map.
     */
    public Map<String, Object> kafkaClientProperties(KafkaPrincipal principal) {
        return kafkaAccess().clientProperties(principal);
    }

    /** Whether the broker authenticates clients and enforces ACLs. */
    public boolean kafkaSecured() {
        return processes.broker().secured();
    }

    /** The file holding {@code principal}'s Kafka password (secured suites only). */
    public Path kafkaPasswordFile(KafkaPrincipal principal) {
        return credentials.kafka().file(principal);
    }

    /** The bootstrap admin token (scope {@code tokens:admin}). */
    public String adminToken() {
        return credentials.adminToken();
    }

    public Optional<String> lifecycleTokenId() {
        return credentials.lifecycleTokenId();
    }

    public String databaseName(Service service) {
        return options.databaseName(service);
    }

    public Databases databases() {
        return options.databases();
    }

    /** The roles the service works with in its database, and where their passwords are kept. */
    public DatabaseRoles.Grant databaseGrant(Service service) {
        return databases.grant(service);
    }

    public Path logFile(Service service) {
        return processes.logFile(service);
    }

    public Path logDirectory() {
        return options.logDirectory();
    }

    public SuiteOptions options() {
        return options;
    }

    /** Every process the suite started (broker and services), alive or not. */
    public List<ProcessHandle> processes() {
        return processes.handles();
    }

    /** Every TCP port the suite listens on. */
    public List<Integer> ports() {
        List<Integer> all = new ArrayList<>(List.of(options.kafkaPort(), options.kafkaControllerPort()));
        for (Service service : options.services()) {
            all.add(options.port(service));
        }
        return all;
    }

    /** The process id of the service's latest start (empty if it was never started). */
    public java.util.OptionalLong pid(Service service) {
        return processes.process(service).map(p -> java.util.OptionalLong.of(p.pid())).orElse(java.util.OptionalLong.empty());
    }

    /** The name of a process of the suite that has exited although nobody asked it to, if any. */
    public Optional<String> exitedProcess() {
        return processes.exitedUnasked();
    }

    /** {@code {"status":"UP"}}? False when it does not answer or says anything else. */
    public boolean healthy(Service service) {
        return "UP".equals(healthStatus(service));
    }

    /** The {@code status} of {@code GET /actuator/health}, or null when it does not answer. */
    public String healthStatus(Service service) {
        return processes.healthStatus(service);
    }

    /** Every token-command instance's base URL, comma-separated: lifecycle-listener fails over between them. */
    public String commandUrls() {
        return String.join(",", options.services().stream().filter(Service::isTokenCommand)
                .map(s -> url(s).toString()).toList());
    }

    /**
     * The admin client, sending commands to every token-command instance in turn when one does not
     * take them (the same as {@link #client()} with one instance).
     */
    public SuiteClient failoverClient() {
        return client.withCommandFailover(options.services().stream()
                .filter(s -> s.isTokenCommand() && s != Service.TOKEN_COMMAND).map(this::url).toList());
    }

    /** Every token-query instance's introspection endpoint, comma-separated: callers fail over between them. */
    public String introspectionUrls() {
        return String.join(",", options.services().stream().filter(Service::isTokenQuery)
                .map(s -> url(s).resolve("/v1/introspect").toString()).toList());
    }

    // --- faults: crash and start again one part of a running suite (fault tests, benchmark) ---

    /** SIGKILL one service, as a crash would; returns once it is gone. Its database and ports stay. */
    public void kill(Service service) {
        faults.kill(service);
    }

    /**
     * Starts a service that is not running (after {@link #kill}) again: same port, database and
     * environment (lifecycle-listener keeps its token), its log appended. Does not wait; see
     * {@link #awaitHealthy(Service)}.
     */
    public void relaunch(Service service) {
        faults.relaunch(service, Map.of());
    }

    /**
     * As {@link #relaunch(Service)}, with {@code extraEnv} added to (or overriding) the service's
     * environment for this start only (e.g. a feature switch the benchmark turns off); a later
     * {@code relaunch(service)} starts it with its usual environment again.
     */
    public void relaunch(Service service, Map<String, String> extraEnv) {
        faults.relaunch(service, extraEnv);
    }

    /** Stops one service gracefully (SIGTERM, SIGKILL after the grace period); its database and ports stay. */
    public void stop(Service service) {
        faults.stop(service);
    }

    /** Waits until the service reports {@code UP}, at most the startup timeout; fails if it exits first. */
    public void awaitHealthy(Service service) {
        faults.awaitHealthy(service);
    }

    /** SIGKILL the broker, as a crash would; its data folder stays. */
    public void killKafka() {
        faults.killKafka();
    }

    /** Starts the broker again on the same data folder and ports (after {@link #killKafka}); waits until it answers. */
    public void restartKafka() {
        faults.restartKafka();
    }

    // --- starting and stopping ---

    private void doStart() {
        Instant started = Instant.now();
        createDirectories(options.logDirectory());
        createDirectories(options.leakKeysDirectory());
        processes.claimPorts();
        for (Service service : options.services()) {
            Path jar = options.execJar(service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": build first (mvn -DskipTests install)");
            }
        }
        databases.prepare();

        Console.info("starting kafka on %s (logs %s)", "127.0.0.1:" + options.kafkaPort(),
                options.logDirectory().resolve("kafka.log"));
        KafkaBroker kafka = processes.createBroker(options.kafkaPlaintext() ? null : credentials.kafka());
        if (!options.kafkaPlaintext()) {
            keepOrReplaceUnsecuredStorage(kafka);
        } else {
            Console.info("kafka runs WITHOUT authentication or ACLs (--kafka-plaintext): anyone who reaches it can"
                    + " write token events");
        }
        processes.startBroker();
        if (kafka.formattedNewStorage() && !databases.allNew()) {
            Console.info("warning: Kafka's data in %s is new but databases %s* were kept from an earlier run: the"
                    + " views cannot see the earlier events (use --reset to start both afresh)",
                    options.kafkaDirectory(), options.databasePrefix());
        }

        String adminToken = credentials.chooseAdminToken();
        client = new SuiteClient(new SuiteClient.Endpoints(url(Service.TOKEN_COMMAND), url(Service.TOKEN_QUERY),
                url(Service.AUDIT_PROJECTOR)), adminToken);
        if (credentials.adminTokenIsNew() && !databases.createdByThisRun(Service.TOKEN_COMMAND)) {
            Console.info("warning: database %s already exists but this run folder keeps no admin token; if its event"
                    + " store is not empty, the new admin token will not be accepted (set TOKENS_BOOTSTRAP_ADMIN_TOKEN"
                    + " to the earlier one, or use --reset)", options.databaseName(Service.TOKEN_COMMAND));
        }
        Instant deadline = Instant.now().plus(options.startupTimeout());
        processes.start(Service.TOKEN_COMMAND, Map.of("TOKENS_BOOTSTRAP_ADMIN_TOKEN", adminToken));
        if (options.commandInstances() > 1) {
            // Both may find the event store empty: token-command issues the admin token once (an advisory lock).
            processes.start(Service.TOKEN_COMMAND_2, Map.of("TOKENS_BOOTSTRAP_ADMIN_TOKEN", adminToken));
        }
        processes.start(Service.TOKEN_QUERY, Map.of());
        if (options.queryInstances() > 1) {
            processes.start(Service.TOKEN_QUERY_2, Map.of());
        }
        processes.start(Service.AUDIT_PROJECTOR, Map.of("TOKENS_AUDIT_SIGNING_KEY_FILE",
                credentials.auditSigningKey().toString()));
        processes.awaitHealthy(options.services().stream()
                .filter(s -> s.isTokenCommand() || s.isTokenQuery()).toList(), deadline);

        Map<String, String> lifecycleEnv = new HashMap<>();
        lifecycleEnv.put("LIFECYCLE_COMMAND_URL", commandUrls());
        if (options.issueLifecycleToken()) {
            lifecycleEnv.put("LIFECYCLE_COMMAND_TOKEN", credentials.issueLifecycleToken(client, deadline));
        } else {
            Console.info("lifecycle-listener starts WITHOUT its command token (asked to skip it): it cannot act on HR events");
        }
        processes.start(Service.LIFECYCLE_LISTENER, lifecycleEnv);
        processes.awaitHealthy(List.of(Service.AUDIT_PROJECTOR, Service.LIFECYCLE_LISTENER), deadline);
        Console.info("all services are UP after %d s", Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * Storage formatted without SCRAM credentials (by a suite before Kafka was secured), or whose
     * password files are gone, cannot serve a secured broker. It is replaced when the databases are new
     * as well (nothing to keep in step with); otherwise the user decides: {@code --reset} starts both
     * afresh, {@code --kafka-plaintext} keeps the data without security.
     */
    private void keepOrReplaceUnsecuredStorage(KafkaBroker kafka) {
        KafkaBroker.Storage storage = kafka.storage();
        KafkaCredentials kafkaCredentials = credentials.kafka();
        boolean usable = storage == KafkaBroker.Storage.NONE
                || (storage == KafkaBroker.Storage.SECURED && kafkaCredentials.complete());
        if (usable) {
            return;
        }
        String why = storage == KafkaBroker.Storage.PLAINTEXT
                ? "was formatted without SASL/SCRAM credentials (an earlier, unsecured suite)"
                : "holds SCRAM credentials whose password files in " + kafkaCredentials.directory() + " are missing";
        if (databases.allNew()) {
            Console.info("Kafka's data in %s %s; the databases are new too, so it is formatted afresh", options.kafkaDirectory(), why);
            kafka.deleteStorage();
            return;
        }
        throw new IllegalStateException("Kafka's data in " + options.kafkaDirectory() + " " + why + ", and the suite's"
                + " databases " + options.databasePrefix() + "* hold state that goes with it. Run ./run-suite.sh --reset"
                + " to start both afresh (secured), or --kafka-plaintext to keep them without Kafka security.");
    }

    /** What every start of {@code service} gets, besides what it was started with. */
    private Map<String, String> serviceEnvironment(Service service) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(options.port(service)));
        env.put("SPRING_DATASOURCE_URL", options.databases().urlOf(options.databaseName(service)));
        // Its own non-superuser roles; the passwords reach it as files (a Spring config tree), not here.
        env.putAll(databases.grant(service).environment());
        KafkaBroker kafka = processes.broker();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (kafka.secured()) {
            // The service's own principal; the password reaches it as a file (token-platform reads it).
            KafkaPrincipal principal = KafkaPrincipal.of(service);
            env.put("TOKENS_KAFKA_USERNAME", principal.username());
            env.put("TOKENS_KAFKA_PASSWORD_FILE", kafkaPasswordFile(principal).toString());
        }
        env.put("TOKENS_INTROSPECTION_URL", introspectionUrls());
        if (service.isTokenCommand()) {
            // db-scheduler marks the deadlines it picks with this; two instances on one host must differ.
            env.put("TOKENS_DEADLINES_SCHEDULER_NAME", service.instanceName());
            // Leak reports are accepted from the scanners whose keys an operator puts here (read on every report).
            env.put("TOKENS_LEAKS_PUBLIC_KEYS_DIR", options.leakKeysDirectory().toString());
            if (!options.seededScopes().isEmpty()) {
                // Seeds the scope catalogue on the first start only (tests and the benchmark; see SuiteOptions).
                env.put("TOKENS_POLICY_KNOWN_SCOPES", options.seededScopes());
            }
        }
        if (service.isTokenQuery()) {
            env.put("TOKENS_HTTP_EVENT_LOOPS", String.valueOf(options.queryEventLoops()));
        }
        env.put("SPRING_OUTPUT_ANSI_ENABLED", "never");
        // Axon's update checker calls AxonIQ's servers on start; a local suite has no business there.
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return env;
    }

    /** Stops the services (all at once), then Kafka; drops the databases if they were made for this run. */
    @Override
    public void close() {
        processes.closing();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            boolean brokerGone = processes.stopAll();
            if (brokerGone && processes.broker() != null && options.deleteKafkaDataOnClose()) {
                try {
                    FileTree.delete(options.kafkaDirectory());
                } catch (UncheckedIOException e) {
                    Console.info("could not delete %s: %s", options.kafkaDirectory(), e.getMessage());
                }
            }
            databases.dropCreated();
            processes.forgetPids();
            Console.info("stopped");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

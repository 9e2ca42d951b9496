package org.tokensuite.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.api.secret.TokenSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole suite as child processes: one Kafka broker (KRaft) and the four services, each
 * {@code java -jar <module>-exec.jar} with its own database on PostgreSQL. {@link #start} returns
 * once every service reports {@code UP} on {@code /actuator/health}; {@link #close} stops the
 * services, then the broker (SIGTERM, SIGKILL after a grace period), leaving no process behind.
 */
public final class Suite implements AutoCloseable {

    /** Scopes of lifecycle-listener's own token: only what it needs to act on HR events. */
    public static final List<String> LIFECYCLE_SCOPES = List.of("users:offboard", "users:suspend");

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SuiteOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Service, ChildProcess> services =
            java.util.Collections.synchronizedMap(new EnumMap<>(Service.class));
    private final Set<String> createdDatabases = new LinkedHashSet<>();
    /** Each service database's own roles (owner, app), made before the services start. */
    private final Map<String, DatabaseRoles.Grant> databaseGrants = new HashMap<>();
    /** What each service was started with beyond the common environment, so it can be started again. */
    private final Map<Service, Map<String, String>> serviceEnv =
            java.util.Collections.synchronizedMap(new EnumMap<>(Service.class));
    private volatile KafkaBroker kafka;
    private String adminToken;
    private String lifecycleTokenId;
    private boolean adminTokenIsNew;
    private volatile boolean closing;
    private boolean closed;

    private Suite(SuiteOptions options) {
        this.options = options;
    }

    /** Starts Kafka and the four services and waits until all are healthy; on failure stops what it started. */
    public static Suite start(SuiteOptions options) {
        return start(options, suite -> { });
    }

    /**
     * As {@link #start(SuiteOptions)}, handing the suite to {@code created} before anything starts,
     * so that a shutdown hook can stop a suite that is still starting.
     */
    public static Suite start(SuiteOptions options, java.util.function.Consumer<Suite> created) {
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
        Databases databases = options.databases();
        databases.ensureRunning(Duration.ofSeconds(30));
        DatabaseRoles roles = new DatabaseRoles(databases);
        for (Service service : options.services()) {
            databases.drop(options.databaseName(service));
            roles.drop(service, options.databaseName(service));
        }
        deleteRecursively(options.kafkaDirectory());
        deleteRecursively(options.runDirectory().resolve("secrets"));
        try {
            Files.deleteIfExists(options.runDirectory().resolve("admin-token"));
            Files.deleteIfExists(options.runDirectory().resolve("lifecycle-token-id"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Console.info("reset: dropped the %s* databases and deleted %s", options.databasePrefix(), options.kafkaDirectory());
    }

    public URI url(Service service) {
        return URI.create("http://127.0.0.1:" + options.port(service));
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** How infra's own clients reach the broker: bootstrap servers and, when secured, the credentials. */
    public KafkaAccess kafkaAccess() {
        return kafka.access();
    }

    /**
     * Properties for a Kafka client acting as {@code principal}: bootstrap servers, and SASL/SCRAM with
     * its credentials unless the suite runs with {@code --kafka-plaintext}. A new, mutable map.
     */
    public Map<String, Object> kafkaClientProperties(KafkaPrincipal principal) {
        return kafka.access().clientProperties(principal);
    }

    /** Whether the broker authenticates clients and enforces ACLs. */
    public boolean kafkaSecured() {
        return kafka.secured();
    }

    /** The file holding {@code principal}'s Kafka password (secured suites only). */
    public Path kafkaPasswordFile(KafkaPrincipal principal) {
        return kafkaCredentials().file(principal);
    }

    private KafkaCredentials kafkaCredentials() {
        return new KafkaCredentials(options.runDirectory().resolve("secrets").resolve("kafka"));
    }

    /** The bootstrap admin token (scope {@code tokens:admin}). */
    public String adminToken() {
        return adminToken;
    }

    public Optional<String> lifecycleTokenId() {
        return Optional.ofNullable(lifecycleTokenId);
    }

    public String databaseName(Service service) {
        return options.databaseName(service);
    }

    public Databases databases() {
        return options.databases();
    }

    /** The roles the service works with in its database, and where their passwords are kept. */
    public DatabaseRoles.Grant databaseGrant(Service service) {
        return databaseGrants.get(options.databaseName(service));
    }

    public Path logFile(Service service) {
        return options.logDirectory().resolve(service.instanceName() + ".log");
    }

    public Path logDirectory() {
        return options.logDirectory();
    }

    public SuiteOptions options() {
        return options;
    }

    /** Every process the suite started (broker and services), alive or not. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        if (kafka != null && kafka.process() != null) {
            all.add(kafka.process().handle());
        }
        Map.copyOf(services).values().forEach(p -> all.add(p.handle()));
        return all;
    }

    /** Every TCP port the suite listens on. */
    public List<Integer> ports() {
        List<Integer> all = new ArrayList<>(List.of(options.kafkaPort(), options.kafkaControllerPort()));
        for (Service service : options.services()) {
            all.add(options.port(service));
        }
        return all;
    }

    /** The name of a process of the suite that has exited although nobody asked it to, if any. */
    public Optional<String> exitedProcess() {
        if (closing) {
            return Optional.empty();
        }
        if (kafka != null && !kafka.isAlive()) {
            return Optional.of("kafka");
        }
        return Map.copyOf(services).entrySet().stream().filter(e -> !e.getValue().isAlive())
                .map(e -> e.getKey().instanceName()).findFirst();
    }

    /** {@code {"status":"UP"}}? False when it does not answer or says anything else. */
    public boolean healthy(Service service) {
        return "UP".equals(healthStatus(service));
    }

    /** The {@code status} of {@code GET /actuator/health}, or null when it does not answer. */
    public String healthStatus(Service service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(service).resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode status = JSON.readTree(response.body()).get("status");
            return status == null ? null : status.asText();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void doStart() {
        Instant started = Instant.now();
        createDirectories(options.logDirectory());
        stopStaleProcesses();
        checkPortsFree();
        for (Service service : options.services()) {
            Path jar = options.execJar(service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": build first (mvn -DskipTests install)");
            }
        }

        Databases databases = options.databases();
        databases.ensureRunning(Duration.ofSeconds(60));
        DatabaseRoles roles = new DatabaseRoles(databases);
        for (Service service : options.services()) {
            String name = options.databaseName(service);
            if (databases.createIfMissing(name)) {
                createdDatabases.add(name);
            }
            if (!databaseGrants.containsKey(name)) {
                databaseGrants.put(name, roles.prepare(service, name, options.runDirectory().resolve("secrets").resolve("db")));
            }
        }

        Console.info("starting kafka on %s (logs %s)", "127.0.0.1:" + options.kafkaPort(),
                options.logDirectory().resolve("kafka.log"));
        ensureNotClosing();
        kafka = new KafkaBroker(options.kafkaDirectory(), options.kafkaPort(), options.kafkaControllerPort(),
                options.resolveKafkaClasspath(), options.logDirectory().resolve("kafka.log"), options.kafkaJvmOptions(),
                options.kafkaPlaintext() ? null : kafkaCredentials())
                .onSpawn(this::recordPid);
        if (!options.kafkaPlaintext()) {
            keepOrReplaceUnsecuredStorage();
        } else {
            Console.info("kafka runs WITHOUT authentication or ACLs (--kafka-plaintext): anyone who reaches it can"
                    + " write token events");
        }
        kafka.start(Duration.ofSeconds(90));
        kafka.createTopics();
        if (kafka.secured()) {
            kafka.applyAcls();
        }
        if (kafka.formattedNewStorage() && createdDatabases.size() < options.services().stream().map(options::databaseName).distinct().count()) {
            Console.info("warning: Kafka's data in %s is new but databases %s* were kept from an earlier run: the"
                    + " views cannot see the earlier events (use --reset to start both afresh)",
                    options.kafkaDirectory(), options.databasePrefix());
        }

        adminToken = chooseAdminToken();
        if (adminTokenIsNew && !createdDatabases.contains(options.databaseName(Service.TOKEN_COMMAND))) {
            Console.info("warning: database %s already exists but this run folder keeps no admin token; if its event"
                    + " store is not empty, the new admin token will not be accepted (set TOKENS_BOOTSTRAP_ADMIN_TOKEN"
                    + " to the earlier one, or use --reset)", options.databaseName(Service.TOKEN_COMMAND));
        }
        Instant deadline = Instant.now().plus(options.startupTimeout());
        startService(Service.TOKEN_COMMAND, Map.of("TOKENS_BOOTSTRAP_ADMIN_TOKEN", adminToken));
        startService(Service.TOKEN_QUERY, Map.of());
        if (options.queryInstances() > 1) {
            startService(Service.TOKEN_QUERY_2, Map.of());
        }
        // The chain heads' signing key: beside the other secrets, generated by audit-projector on its first start.
        startService(Service.AUDIT_PROJECTOR, Map.of("TOKENS_AUDIT_SIGNING_KEY_FILE",
                options.runDirectory().resolve("secrets").resolve("audit-signing-key.pem").toString()));
        awaitHealthy(options.services().stream()
                .filter(s -> s == Service.TOKEN_COMMAND || s.isTokenQuery()).toList(), deadline);

        Map<String, String> lifecycleEnv = new HashMap<>();
        lifecycleEnv.put("LIFECYCLE_COMMAND_URL", url(Service.TOKEN_COMMAND).toString());
        if (options.issueLifecycleToken()) {
            lifecycleEnv.put("LIFECYCLE_COMMAND_TOKEN", issueLifecycleToken(deadline));
        } else {
            Console.info("lifecycle-listener starts WITHOUT its command token (asked to skip it): it cannot act on HR events");
        }
        startService(Service.LIFECYCLE_LISTENER, lifecycleEnv);
        awaitHealthy(List.of(Service.AUDIT_PROJECTOR, Service.LIFECYCLE_LISTENER), deadline);
        Console.info("all services are UP after %d s", Duration.between(started, Instant.now()).toSeconds());
    }

    /**
     * Storage formatted without SCRAM credentials (by a suite before Kafka was secured), or whose
     * password files are gone, cannot serve a secured broker. It is replaced when the databases are new
     * as well (nothing to keep in step with); otherwise the user decides: {@code --reset} starts both
     * afresh, {@code --kafka-plaintext} keeps the data without security.
     */
    private void keepOrReplaceUnsecuredStorage() {
        KafkaBroker.Storage storage = kafka.storage();
        boolean usable = storage == KafkaBroker.Storage.NONE
                || (storage == KafkaBroker.Storage.SECURED && kafkaCredentials().complete());
        if (usable) {
            return;
        }
        String why = storage == KafkaBroker.Storage.PLAINTEXT
                ? "was formatted without SASL/SCRAM credentials (an earlier, unsecured suite)"
                : "holds SCRAM credentials whose password files in " + kafkaCredentials().directory() + " are missing";
        boolean databasesNew = createdDatabases.size()
                == options.services().stream().map(options::databaseName).distinct().count();
        if (databasesNew) {
            Console.info("Kafka's data in %s %s; the databases are new too, so it is formatted afresh", options.kafkaDirectory(), why);
            kafka.deleteStorage();
            return;
        }
        throw new IllegalStateException("Kafka's data in " + options.kafkaDirectory() + " " + why + ", and the suite's"
                + " databases " + options.databasePrefix() + "* hold state that goes with it. Run ./run-suite.sh --reset"
                + " to start both afresh (secured), or --kafka-plaintext to keep them without Kafka security.");
    }

    private void startService(Service service, Map<String, String> extraEnv) {
        startService(service, extraEnv, Map.of());
    }

    /** {@code oneOff} overrides {@code extraEnv} for this start only: it is not remembered for a later relaunch. */
    private void startService(Service service, Map<String, String> extraEnv, Map<String, String> oneOff) {
        ensureNotClosing();
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", String.valueOf(options.port(service)));
        env.put("SPRING_DATASOURCE_URL", options.databases().urlOf(options.databaseName(service)));
        // Its own non-superuser roles; the passwords reach it as files (a Spring config tree), not here.
        env.putAll(databaseGrants.get(options.databaseName(service)).environment());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (kafka.secured()) {
            // The service's own principal; the password reaches it as a file (token-platform reads it).
            KafkaPrincipal principal = KafkaPrincipal.of(service);
            env.put("TOKENS_KAFKA_USERNAME", principal.username());
            env.put("TOKENS_KAFKA_PASSWORD_FILE", kafkaPasswordFile(principal).toString());
        }
        env.put("TOKENS_INTROSPECTION_URL", introspectionUrls());
        env.put("SPRING_OUTPUT_ANSI_ENABLED", "never");
        // Axon's update checker calls AxonIQ's servers on start; a local suite has no business there.
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        env.putAll(extraEnv);
        env.putAll(oneOff);
        boolean restart = serviceEnv.containsKey(service);
        serviceEnv.put(service, Map.copyOf(extraEnv));
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(options.serviceJvmOptions());
        command.add("-jar");
        command.add(options.execJar(service).toString());
        Path log = logFile(service);
        ChildProcess process = ChildProcess.start(service.instanceName(), command, env, options.runDirectory(), log, restart);
        services.put(service, process);
        recordPid(process);
        Console.info("starting %s on port %d (pid %d, logs %s)", service.instanceName(), options.port(service), process.pid(), log);
    }

    /** Every token-query instance's introspection endpoint, comma-separated: callers fail over between them. */
    public String introspectionUrls() {
        return String.join(",", options.services().stream().filter(Service::isTokenQuery)
                .map(s -> url(s).resolve("/v1/introspect").toString()).toList());
    }

    // --- faults: crash and start again one part of a running suite (fault tests) ---

    /** SIGKILL one service, as a crash would; returns once it is gone. Its database and ports stay. */
    public void kill(Service service) {
        ChildProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service.instanceName() + " was never started");
        }
        Console.info("killing %s (pid %d) with SIGKILL", service.instanceName(), process.pid());
        process.kill();
    }

    /**
     * Starts a service that is not running (after {@link #kill}) again: same port, database and
     * environment (lifecycle-listener keeps its token), its log appended. Does not wait; see
     * {@link #awaitHealthy(Service)}.
     */
    public void relaunch(Service service) {
        relaunch(service, Map.of());
    }

    /**
     * As {@link #relaunch(Service)}, with {@code extraEnv} added to (or overriding) the service's
     * environment for this start only (e.g. a feature switch the benchmark turns off); a later
     * {@code relaunch(service)} starts it with its usual environment again.
     */
    public void relaunch(Service service, Map<String, String> extraEnv) {
        ChildProcess process = services.get(service);
        if (process == null || !serviceEnv.containsKey(service)) {
            throw new IllegalStateException(service.instanceName() + " was never started");
        }
        if (process.isAlive()) {
            throw new IllegalStateException(service.instanceName() + " is still running (pid " + process.pid() + ")");
        }
        startService(service, serviceEnv.get(service), extraEnv);
    }

    /** Stops one service gracefully (SIGTERM, SIGKILL after the grace period); its database and ports stay. */
    public void stop(Service service) {
        ChildProcess process = services.get(service);
        if (process == null) {
            throw new IllegalStateException(service.instanceName() + " was never started");
        }
        Console.info("stopping %s (pid %d)", service.instanceName(), process.pid());
        process.stop(SERVICE_STOP_GRACE);
    }

    /** Waits until the service reports {@code UP}, at most the startup timeout; fails if it exits first. */
    public void awaitHealthy(Service service) {
        awaitHealthy(List.of(service), Instant.now().plus(options.startupTimeout()));
    }

    /** SIGKILL the broker, as a crash would; its data folder stays. */
    public void killKafka() {
        kafka.kill();
    }

    /** Starts the broker again on the same data folder and ports (after {@link #killKafka}); waits until it answers. */
    public void restartKafka() {
        if (kafka.isAlive()) {
            throw new IllegalStateException("kafka is still running");
        }
        Console.info("starting kafka again on %s with the same data", kafka.bootstrapServers());
        kafka.start(Duration.ofSeconds(90));
    }

    private void ensureNotClosing() {
        if (closing) {
            throw new IllegalStateException("stopped while starting (Ctrl-C or SIGTERM)");
        }
    }

    private void awaitHealthy(List<Service> waitFor, Instant deadline) {
        Set<Service> pending = new LinkedHashSet<>(waitFor);
        while (!pending.isEmpty()) {
            ensureNotClosing();
            for (Service service : List.copyOf(pending)) {
                ChildProcess process = services.get(service);
                if (!process.isAlive()) {
                    throw new IllegalStateException(service.instanceName() + " exited with " + process.exitValue()
                            + " before it was healthy; last lines of " + process.log() + ":\n" + process.tail(40));
                }
                if (healthy(service)) {
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

    /** The given token, else the one kept from an earlier run, else a new one (kept when asked). */
    private String chooseAdminToken() {
        if (options.adminToken() != null && !options.adminToken().isBlank()) {
            String token = options.adminToken().trim();
            if (!TokenSecrets.isWellFormed(token)) {
                throw new IllegalStateException("the given bootstrap admin token is not a token of this suite (tkn_...)");
            }
            return token;
        }
        Path file = options.runDirectory().resolve("admin-token");
        try {
            if (options.persistAdminToken() && Files.isRegularFile(file)) {
                String kept = Files.readString(file).trim();
                if (TokenSecrets.isWellFormed(kept)) {
                    return kept;
                }
            }
            String token = new TokenSecrets().generate();
            adminTokenIsNew = true;
            if (options.persistAdminToken()) {
                PrivateFile.write(file, token + "\n");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asks token-command for lifecycle-listener's token, as an operator would: {@code POST /v1/tokens}
     * with the admin token. Retries while the admin token is not yet in token-query's view (401) or
     * a service is not ready (5xx, refused). Revokes the token an earlier run of this folder issued.
     */
    private String issueLifecycleToken(Instant deadline) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of(
                    "ownerId", "lifecycle-listener",
                    "name", "lifecycle-listener",
                    "scopes", LIFECYCLE_SCOPES,
                    "ttl", "P30D"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI uri = url(Service.TOKEN_COMMAND).resolve("/v1/tokens");
        String last = "no answer";
        int lastStatus = 0;
        // 401 for a while is normal (the admin token's event has to reach token-query's view); for a minute, it is not.
        Instant unauthorizedSince = null;
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                last = response.statusCode() + " " + abbreviate(response.body());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    JsonNode json = JSON.readTree(response.body());
                    String token = json.path("token").asText(null);
                    String tokenId = json.path("tokenId").asText(null);
                    if (token == null || tokenId == null) {
                        throw new IllegalStateException("token-command answered " + last + " without tokenId and token");
                    }
                    lifecycleTokenId = tokenId;
                    revokePreviousLifecycleToken(tokenId);
                    Console.info("issued lifecycle-listener's token %s (scopes %s)", tokenId, String.join(" ", LIFECYCLE_SCOPES));
                    return token;
                }
                boolean transientFailure = response.statusCode() == 401 || response.statusCode() >= 500;
                if (!transientFailure) {
                    throw new IllegalStateException(lifecycleTokenFailure(last, lastStatus));
                }
                if (response.statusCode() == 401) {
                    unauthorizedSince = unauthorizedSince == null ? Instant.now() : unauthorizedSince;
                    if (Duration.between(unauthorizedSince, Instant.now()).compareTo(Duration.ofSeconds(60)) > 0) {
                        throw new IllegalStateException(lifecycleTokenFailure(last, lastStatus));
                    }
                }
            } catch (IOException e) { // refused, timed out: not up yet
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(lifecycleTokenFailure(last, lastStatus));
            }
            sleep(1000);
        }
    }

    private String lifecycleTokenFailure(String last, int status) {
        String hint = switch (status) {
            case 401 -> "token-command (or token-query's introspection) does not accept the bootstrap admin token."
                    + " If the databases hold an admin token from an earlier run, pass that one in"
                    + " TOKENS_BOOTSTRAP_ADMIN_TOKEN, or start afresh with --reset.";
            case 404, 405 -> "token-command does not serve POST /v1/tokens yet.";
            default -> "token-command refused to issue it.";
        };
        return "could not obtain lifecycle-listener's token from POST " + url(Service.TOKEN_COMMAND) + "/v1/tokens: "
                + last + "\n" + hint + "\nTo start lifecycle-listener without its token, use --no-lifecycle-token"
                + " (or TOKENS_SKIP_LIFECYCLE_TOKEN=true).";
    }

    private void revokePreviousLifecycleToken(String newTokenId) {
        Path file = options.runDirectory().resolve("lifecycle-token-id");
        try {
            if (Files.isRegularFile(file)) {
                String previous = Files.readString(file).trim();
                if (!previous.isEmpty() && !previous.equals(newTokenId)) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    url(Service.TOKEN_COMMAND).resolve("/v1/tokens/" + previous + "/revoke"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + adminToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"reason\":\"superseded by the token of a new run of the local suite\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                        Console.info("could not revoke the previous lifecycle-listener token %s: %d", previous,
                                response.statusCode());
                    }
                }
            }
            Files.writeString(file, newTokenId + "\n");
        } catch (IOException e) {
            Console.info("could not revoke the previous lifecycle-listener token: %s", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the services (all at once), then Kafka; drops the databases if they were made for this run. */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopAll();
        }
    }

    private void stopAll() {
        List<Service> order = List.of(Service.LIFECYCLE_LISTENER, Service.AUDIT_PROJECTOR, Service.TOKEN_QUERY_2,
                Service.TOKEN_QUERY, Service.TOKEN_COMMAND);
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
        if (kafka != null) {
            kafka.close();
            if (options.deleteKafkaDataOnClose() && !kafka.isAlive()) {
                try {
                    deleteRecursively(options.kafkaDirectory());
                } catch (UncheckedIOException e) {
                    Console.info("could not delete %s: %s", options.kafkaDirectory(), e.getMessage());
                }
            }
        }
        for (String database : createdDatabases) {
            if (options.dropDatabasesOnClose()) { // only those this run created, never a developer's own
                try {
                    options.databases().drop(database);
                } catch (RuntimeException e) {
                    Console.info("could not drop database %s: %s", database, e.getMessage());
                }
            }
        }
        if (options.dropDatabasesOnClose()) {
            DatabaseRoles roles = new DatabaseRoles(options.databases());
            for (Service service : options.services()) {
                if (createdDatabases.contains(options.databaseName(service))) {
                    try {
                        roles.drop(service, options.databaseName(service));
                    } catch (RuntimeException e) {
                        Console.info("could not drop the roles of %s: %s", options.databaseName(service), e.getMessage());
                    }
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException ignored) {
            // nothing left to stop: the file only helps after a crash
        }
        Console.info("stopped");
    }

    // --- processes of an earlier run that was killed before it could stop them ---

    private Path pidFile() {
        return options.runDirectory().resolve("pids");
    }

    private void recordPid(ChildProcess process) {
        ProcessHandle handle = process.handle();
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        try {
            Files.writeString(pidFile(), handle.pid() + " " + start + " " + process.name() + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stopStaleProcesses() {
        Path file = pidFile();
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<ProcessHandle> services = new ArrayList<>();
            List<ProcessHandle> brokers = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split(" ", 3);
                if (parts.length < 3) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                long start = Long.parseLong(parts[1]);
                // Only the very process that was started (same pid and start time), never a recycled pid.
                ProcessHandle.of(pid)
                        .filter(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(-1L) == start)
                        .ifPresent(h -> {
                            Console.info("stopping %s (pid %d) left over from an earlier run", parts[2], pid);
                            ("kafka".equals(parts[2]) ? brokers : services).add(h);
                        });
            }
            stopAndWait(services); // services first, the broker last, as on a normal stop
            stopAndWait(brokers);
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            Console.info("could not read %s: %s", file, e.getMessage());
        }
    }

    private static void stopAndWait(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : processes) {
            try {
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private void checkPortsFree() {
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

    // --- small helpers ---

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
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

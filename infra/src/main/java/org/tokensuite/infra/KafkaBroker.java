package org.tokensuite.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from
 * Kafka's jars ({@code org.apache.kafka:kafka_2.13}) as a child process: {@code kafka.Kafka} with a
 * generated {@code server.properties}. Everything it writes lives under its own directory:
 * {@code server.properties}, and {@code data/} (formatted once with {@code kafka.tools.StorageTool}).
 * <p>
 * Secured (given {@link KafkaCredentials}): the client listener is SASL_PLAINTEXT with SCRAM-SHA-512,
 * every principal's SCRAM credential is created when the storage is formatted ({@code --add-scram},
 * KIP-900; the passwords are generated then), ACLs are enforced by Kafka's {@code StandardAuthorizer}
 * with nothing allowed that no ACL grants, and {@code suite-admin} is the only super user. The
 * controller listener cannot use SCRAM in KRaft (the credentials live in the metadata it serves), so
 * it takes SASL PLAIN with a static JAAS user: {@code suite-admin} again, the broker's own identity
 * towards its controller and between brokers. {@code security} in the folder records how the storage
 * was formatted.
 */
public final class KafkaBroker implements AutoCloseable {

    /** How the storage in a broker's folder was formatted. */
    public enum Storage {
        /** Not formatted yet. */
        NONE,
        /** Without SCRAM credentials (an earlier, unsecured suite): cannot serve a secured broker. */
        PLAINTEXT,
        /** With every principal's SCRAM credential. */
        SECURED
    }

    private static final String SECURED_MARKER = "sasl-scram-sha-512";

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Path log;
    private final List<String> jvmOptions;
    private final KafkaCredentials credentials;
    private ChildProcess process;
    private boolean formatted;
    private boolean startedBefore;
    private java.util.function.Consumer<ChildProcess> onSpawn = p -> { };

    /**
     * @param directory  the broker's own folder (created if missing)
     * @param port       client listener on 127.0.0.1
     * @param controllerPort KRaft controller listener on 127.0.0.1
     * @param classpath  Kafka's jars, as for {@code java -cp}
     * @param log        where the broker's output goes
     */
    public KafkaBroker(Path directory, int port, int controllerPort, String classpath, Path log, List<String> jvmOptions) {
        this(directory, port, controllerPort, classpath, log, jvmOptions, null);
    }

    /** As above; {@code credentials} non-null makes it a secured broker (SASL/SCRAM and ACLs). */
    public KafkaBroker(Path directory, int port, int controllerPort, String classpath, Path log, List<String> jvmOptions,
                       KafkaCredentials credentials) {
        this.credentials = credentials;
        this.directory = directory.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Bootstrap servers and, when secured, the principals' credentials. */
    public KafkaAccess access() {
        return new KafkaAccess(bootstrapServers(), credentials);
    }

    public boolean secured() {
        return credentials != null;
    }

    /** How the storage in this broker's folder was formatted, if it was. */
    public Storage storage() {
        if (!Files.exists(directory.resolve("data").resolve("meta.properties"))) {
            return Storage.NONE;
        }
        try {
            Path marker = directory.resolve("security");
            return Files.isRegularFile(marker) && Files.readString(marker).trim().equals(SECURED_MARKER)
                    ? Storage.SECURED : Storage.PLAINTEXT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the broker's storage (it must not be running); the next start formats it anew. */
    public void deleteStorage() {
        if (isAlive()) {
            throw new IllegalStateException("kafka is running");
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing to delete
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Formats the storage on first use, starts the broker and waits until it answers (or fails). */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(directory);
            Files.createDirectories(log.getParent());
            Path properties = directory.resolve("server.properties");
            Storage storage = storage();
            if (secured() && storage == Storage.NONE) {
                credentials.generate(); // new storage, new credentials: created by the format below
            }
            if (secured() && (storage == Storage.PLAINTEXT || !credentials.complete())) {
                throw new IllegalStateException("Kafka's storage in " + directory + " was formatted "
                        + (storage == Storage.PLAINTEXT ? "without SASL/SCRAM credentials" : "with credentials whose"
                        + " password files in " + credentials.directory() + " are missing")
                        + ": a secured broker cannot use it (delete it, or run the suite with --reset)");
            }
            // Holds the admin password when secured: readable by its owner only.
            PrivateFile.write(properties, serverProperties());
            if (storage == Storage.NONE) {
                format(properties);
                Files.writeString(directory.resolve("security"), secured() ? SECURED_MARKER + "\n" : "plaintext\n");
                formatted = true;
            }
            List<String> command = new ArrayList<>();
            command.add(ChildProcess.java());
            command.addAll(jvmOptions);
            command.addAll(List.of(
                    // Kafka logs through SLF4J; slf4j-simple writes to stderr, which goes to the log file.
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("tokensuite.kafka.logLevel", "info"),
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.utils.AppInfoParser=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.log=warn",
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.storage=warn",
                    "-cp", classpath,
                    "kafka.Kafka", properties.toString()));
            // A restart on the same folder adds to the log, so the crash and the recovery read as one story.
            process = ChildProcess.start("kafka", command, Map.of(), directory, log, startedBefore);
            startedBefore = true;
            onSpawn.accept(process);
            awaitReady(timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Called with the broker's process as soon as it is spawned (before it is ready). */
    KafkaBroker onSpawn(java.util.function.Consumer<ChildProcess> listener) {
        this.onSpawn = listener;
        return this;
    }

    /** Creates the suite's topics that do not exist yet. */
    public void createTopics() {
        try (Admin admin = admin()) {
            Topics.createMissing(admin);
        }
    }

    /** Makes the broker's ACLs the suite's ({@link KafkaAcls}); only for a secured broker. */
    public void applyAcls() {
        if (!secured()) {
            throw new IllegalStateException("a PLAINTEXT broker has no authorizer");
        }
        try (Admin admin = admin()) {
            KafkaAcls.apply(admin);
        }
    }

    /** An admin client, as {@code suite-admin} when secured. */
    public Admin admin() {
        Map<String, Object> config = access().clientProperties(KafkaPrincipal.ADMIN);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(config);
    }

    /** Whether this start formatted new, empty storage (no earlier data). */
    public boolean formattedNewStorage() {
        return formatted;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    ChildProcess process() {
        return process;
    }

    /**
     * SIGKILL, as a crash would (for fault tests); the data stays, and {@link #start} runs the broker
     * again on the same folder and ports.
     */
    public void kill() {
        if (process != null && process.isAlive()) {
            Console.info("killing kafka (pid %d) with SIGKILL", process.pid());
            process.kill();
        }
    }

    /** SIGTERM (a clean broker shutdown), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            Console.info("stopping kafka (pid %d)", process.pid());
            if (!process.stop(STOP_GRACE)) {
                Console.info("kafka did not stop within %d s: killed", STOP_GRACE.toSeconds());
            }
        }
    }

    private void format(Path properties) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classpath, "kafka.tools.StorageTool",
                "format", "-t", clusterId, "-c", properties.toString(), "--ignore-formatted"));
        if (secured()) {
            // KIP-900: SCRAM credentials as bootstrap records, so the very first client can authenticate.
            for (KafkaPrincipal principal : KafkaPrincipal.values()) {
                command.add("--add-scram");
                command.add(KafkaAccess.MECHANISM + "=[name=" + principal.username() + ",password="
                        + credentials.password(principal) + "]");
            }
        }
        Path formatLog = log.resolveSibling("kafka-format.log");
        ChildProcess formatter = ChildProcess.start("kafka-storage-format", command, Map.of(), directory, formatLog);
        try {
            if (!formatter.waitFor(Duration.ofSeconds(90))) {
                formatter.stop(Duration.ofSeconds(5));
                throw new IllegalStateException("formatting Kafka's storage took too long; see " + formatLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            formatter.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("interrupted", e);
        }
        if (formatter.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka's storage failed (exit " + formatter.exitValue() + "):\n"
                    + formatter.tail(20));
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kafka exited with " + process.exitValue() + "; last lines of "
                            + log + ":\n" + process.tail(30));
                }
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (notYet instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", notYet);
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("kafka did not answer on " + bootstrapServers() + " within "
                                + timeout.toSeconds() + " s; see " + log);
                    }
                    sleep(500);
                }
            }
        }
    }

    private String serverProperties() {
        String data = directory.resolve("data").toString();
        return String.join("\n",
                "# Generated by org.tokensuite.infra.KafkaBroker on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                listenerProperties(),
                "log.dirs=" + data,
                "num.partitions=4",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Topics are the suite's contract (README, "Topics"): created explicitly, never by accident.
                "auto.create.topics.enable=false",
                "")
                ;
    }

    private String listenerProperties() {
        if (!secured()) {
            return String.join("\n",
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        String admin = KafkaPrincipal.ADMIN.username();
        String password = credentials.password(KafkaPrincipal.ADMIN);
        return String.join("\n",
                "listeners=CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=CLIENT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=CLIENT",
                "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                // Clients: SCRAM only. The broker itself logs in as suite-admin (inter-broker).
                "listener.name.client.sasl.enabled.mechanisms=" + KafkaAccess.MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + KafkaAccess.MECHANISM,
                "listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"" + admin + "\" password=\"" + password + "\";",
                // Controller: PLAIN with one static user, suite-admin (SCRAM cannot serve the controller in KRaft).
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                        + " required username=\"" + admin + "\" password=\"" + password + "\" user_" + admin + "=\""
                        + password + "\";",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=" + KafkaPrincipal.ADMIN.principal(),
                "allow.everyone.if.no.acl.found=false");
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

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
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Path log;
    private final List<String> jvmOptions;
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

    /** Formats the storage on first use, starts the broker and waits until it answers (or fails). */
    public void start(Duration timeout) {
        try {
            Files.createDirectories(directory);
            Files.createDirectories(log.getParent());
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
            Path data = directory.resolve("data");
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(properties);
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

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
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
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
                // Topics are the suite's contract (DESIGN.md): created explicitly, never by accident.
                "auto.create.topics.enable=false",
                "")
                ;
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

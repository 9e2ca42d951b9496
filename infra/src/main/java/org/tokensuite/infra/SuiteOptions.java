package org.tokensuite.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How to run the suite: where its jars and its run folder are, which ports, which databases.
 * {@link #local(Path)} is the developer's suite ({@code ./run-suite.sh}); {@link #isolated(Path, Path)}
 * is for end-to-end tests: free ports, fresh databases dropped afterwards, a private run folder,
 * so a test never collides with a suite running on the same machine.
 */
public final class SuiteOptions {

    public static final String VERSION = "0.1.0-SNAPSHOT";

    /**
     * The made-up systems the end-to-end tests, fault tests and benchmark grant scopes of (every action of each),
     * seeded into an isolated suite's empty scope catalogue. The developer's suite seeds nothing: a system is
     * registered with {@code PUT /v1/systems/{system}} first.
     */
    public static final String TEST_SYSTEMS = "billing:*,deploy:*,reports:*";

    private Path root;
    private Path runDirectory;
    private String kafkaClasspath;
    private int kafkaPort = 9092;
    private int kafkaControllerPort = 9093;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private Databases databases = Databases.fromEnvironment();
    private String databasePrefix = "tokens_";
    private boolean dropDatabasesOnClose;
    private boolean deleteKafkaDataOnClose;
    private String adminToken;
    private boolean persistAdminToken;
    private boolean issueLifecycleToken = true;
    private boolean kafkaPlaintext;
    private int queryInstances = 1;
    private int commandInstances = 1;
    private String seededScopes = "";
    private Duration startupTimeout = Duration.ofMinutes(3);
    private List<String> serviceJvmOptions = List.of("-Xms128m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError");
    private List<String> kafkaJvmOptions = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC", "-Djava.awt.headless=true");

    private SuiteOptions(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.runDirectory = this.root.resolve("run");
        for (Service service : Service.values()) {
            ports.put(service, service.defaultPort());
        }
    }

    /**
     * The local suite: ports 9092/9093 and 8081–8084, databases {@code tokens_*}, run folder
     * {@code <root>/run}, the admin token kept in {@code run/admin-token} so it survives restarts
     * (the event store outlives the launcher). {@code TOKENS_BOOTSTRAP_ADMIN_TOKEN} overrides it.
     */
    public static SuiteOptions local(Path root) {
        SuiteOptions options = new SuiteOptions(root);
        options.persistAdminToken = true;
        options.adminToken = System.getenv("TOKENS_BOOTSTRAP_ADMIN_TOKEN");
        return options;
    }

    /**
     * For tests: free ports, fresh databases ({@code e2e_<random>_*}, on {@code TEST_DB_URL}'s server if
     * given, else as {@link Databases#fromEnvironment()}) dropped on close, the given run folder.
     */
    public static SuiteOptions isolated(Path root, Path runDirectory) {
        SuiteOptions options = new SuiteOptions(root);
        options.runDirectory = runDirectory.toAbsolutePath();
        options.kafkaPort = Ports.free();
        options.kafkaControllerPort = Ports.free();
        for (Service service : Service.values()) {
            options.ports.put(service, Ports.free());
        }
        String testDb = System.getenv("TEST_DB_URL");
        if (testDb != null && !testDb.isBlank()) { // the tests' server, as test-support uses it
            options.databases = new Databases(testDb, Databases.env("TEST_DB_USER", "postgres"),
                    Databases.env("TEST_DB_PASSWORD", ""));
        }
        options.databasePrefix = "e2e_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        options.dropDatabasesOnClose = true;
        options.deleteKafkaDataOnClose = true;
        options.seededScopes = TEST_SYSTEMS;
        return options;
    }

    /**
     * The repository root: system property {@code tokensuite.root}, else the nearest folder upwards
     * from the working directory that holds {@code infra/pom.xml}.
     */
    public static Path findRoot() {
        String property = System.getProperty("tokensuite.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a folder with infra/pom.xml) above "
                + Path.of("").toAbsolutePath() + "; set -Dtokensuite.root");
    }

    /**
     * The broker's classpath: the option, else system property {@code tokensuite.kafka.classpath},
     * else {@code infra/target/lib/*} (infra's runtime jars, copied there by the build), else this
     * JVM's classpath.
     */
    String resolveKafkaClasspath() {
        if (kafkaClasspath != null) {
            return kafkaClasspath;
        }
        String property = System.getProperty("tokensuite.kafka.classpath");
        if (property != null && !property.isBlank()) {
            return property;
        }
        Path lib = libDirectory(root);
        if (Files.isDirectory(lib)) {
            return lib + "/*";
        }
        return System.getProperty("java.class.path");
    }

    /** {@code infra/target/lib}: infra's runtime jars (Kafka's broker among them), copied by the build. */
    public static Path libDirectory(Path root) {
        return root.resolve("infra").resolve("target").resolve("lib");
    }

    /** The processes this suite runs: the four services, and the second token-query / token-command when asked for. */
    public List<Service> services() {
        return java.util.Arrays.stream(Service.values())
                .filter(service -> service != Service.TOKEN_QUERY_2 || queryInstances > 1)
                .filter(service -> service != Service.TOKEN_COMMAND_2 || commandInstances > 1).toList();
    }

    public Path execJar(Service service) {
        return root.resolve(service.module()).resolve("target").resolve(service.execJarName(VERSION));
    }

    public String databaseName(Service service) {
        return databasePrefix + service.databaseSuffix();
    }

    public Path root() { return root; }
    public Path runDirectory() { return runDirectory; }
    public Path logDirectory() { return runDirectory.resolve("logs"); }
    public Path kafkaDirectory() { return runDirectory.resolve("kafka"); }
    /** token-command's {@code TOKENS_LEAKS_PUBLIC_KEYS_DIR}: the secret scanners' public keys, {@code <key id>.pem}; empty at first. */
    public Path leakKeysDirectory() { return runDirectory.resolve("leak-keys"); }
    public int kafkaPort() { return kafkaPort; }
    public int kafkaControllerPort() { return kafkaControllerPort; }
    public int port(Service service) { return ports.get(service); }
    public Databases databases() { return databases; }
    public String databasePrefix() { return databasePrefix; }
    public boolean dropDatabasesOnClose() { return dropDatabasesOnClose; }
    public boolean deleteKafkaDataOnClose() { return deleteKafkaDataOnClose; }
    public String adminToken() { return adminToken; }
    public boolean persistAdminToken() { return persistAdminToken; }
    public boolean issueLifecycleToken() { return issueLifecycleToken; }
    public boolean kafkaPlaintext() { return kafkaPlaintext; }
    public int queryInstances() { return queryInstances; }
    public int commandInstances() { return commandInstances; }
    /** token-command's {@code TOKENS_POLICY_KNOWN_SCOPES}: what seeds an empty catalogue; empty for the local suite. */
    public String seededScopes() { return seededScopes; }
    public Duration startupTimeout() { return startupTimeout; }
    public List<String> serviceJvmOptions() { return serviceJvmOptions; }

    /**
     * The JVM options of one service's process: the common ones and, for token-command, the throughput collector.
     * Its heap holds little beyond each request's objects; with ParallelGC's cheaper write barriers it spent 0.99-1.03
     * ms of CPU per command against 1.08-1.23 with G1 (benchmark, commands step, compilers settled).
     * token-query starts with its whole heap: its index lives there, and a heap grown only on demand kept the young
     * generation at 30 MB, collected six times a second under introspection load (a pause each time on every loop).
     */
    public List<String> serviceJvmOptions(Service service) {
        if (service.isTokenCommand()) {
            List<String> options = new ArrayList<>(serviceJvmOptions);
            options.add(0, "-XX:+UseParallelGC");
            return List.copyOf(options);
        }
        return service.isTokenQuery() ? withWholeHeap(serviceJvmOptions) : serviceJvmOptions;
    }

    /** {@code options} with the initial heap set to the maximum they give (unchanged when they give none). */
    private static List<String> withWholeHeap(List<String> options) {
        String maximum = null;
        List<String> withoutInitial = new ArrayList<>();
        for (String option : options) {
            if (option.startsWith("-Xmx")) {
                maximum = option.substring("-Xmx".length()); // the JVM takes the last one given
            }
            if (!option.startsWith("-Xms")) {
                withoutInitial.add(option);
            }
        }
        if (maximum == null) {
            return options;
        }
        withoutInitial.add(0, "-Xms" + maximum);
        return List.copyOf(withoutInitial);
    }

    /**
     * token-query's event loops in this suite: one per two processors. Every service, PostgreSQL and Kafka share this
     * machine; loops that contend for its cores with each other and with the callers only add waiting (see infra's
     * README, "Figures", on the tail of introspection).
     */
    public int queryEventLoops() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
    public List<String> kafkaJvmOptions() { return kafkaJvmOptions; }

    public SuiteOptions runDirectory(Path value) { runDirectory = value.toAbsolutePath(); return this; }
    public SuiteOptions kafkaClasspath(String value) { kafkaClasspath = value; return this; }
    public SuiteOptions kafkaPort(int value) { kafkaPort = value; return this; }
    public SuiteOptions kafkaControllerPort(int value) { kafkaControllerPort = value; return this; }
    public SuiteOptions port(Service service, int value) { ports.put(service, value); return this; }
    public SuiteOptions databases(Databases value) { databases = Objects.requireNonNull(value); return this; }
    public SuiteOptions databasePrefix(String value) { databasePrefix = value; return this; }
    public SuiteOptions dropDatabasesOnClose(boolean value) { dropDatabasesOnClose = value; return this; }
    public SuiteOptions deleteKafkaDataOnClose(boolean value) { deleteKafkaDataOnClose = value; return this; }
    public SuiteOptions adminToken(String value) { adminToken = value; return this; }
    public SuiteOptions seededScopes(String value) { seededScopes = Objects.requireNonNull(value); return this; }
    public SuiteOptions persistAdminToken(boolean value) { persistAdminToken = value; return this; }
    /** False starts lifecycle-listener without {@code LIFECYCLE_COMMAND_TOKEN} (it then cannot act on HR events). */
    public SuiteOptions issueLifecycleToken(boolean value) { issueLifecycleToken = value; return this; }
    /**
     * True runs the broker WITHOUT authentication or ACLs (PLAINTEXT, anyone may write any topic): an
     * explicit opt-out. By default the broker requires SASL/SCRAM and enforces {@link KafkaAcls}.
     */
    public SuiteOptions kafkaPlaintext(boolean value) { kafkaPlaintext = value; return this; }
    /** 1 (default) or 2 token-query instances; with 2, every service is given both introspection URLs. */
    public SuiteOptions queryInstances(int value) {
        if (value < 1 || value > 2) {
            throw new IllegalArgumentException("query instances must be 1 or 2");
        }
        queryInstances = value;
        return this;
    }
    /**
     * 1 (default) or 2 token-command instances on the one event store; with 2, lifecycle-listener is
     * given both command URLs and fails over between them.
     */
    public SuiteOptions commandInstances(int value) {
        if (value < 1 || value > 2) {
            throw new IllegalArgumentException("command instances must be 1 or 2");
        }
        commandInstances = value;
        return this;
    }
    public SuiteOptions startupTimeout(Duration value) { startupTimeout = value; return this; }
    public SuiteOptions serviceJvmOptions(List<String> value) { serviceJvmOptions = List.copyOf(value); return this; }
    public SuiteOptions kafkaJvmOptions(List<String> value) { kafkaJvmOptions = List.copyOf(value); return this; }
}

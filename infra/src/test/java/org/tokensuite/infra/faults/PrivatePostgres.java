package org.tokensuite.infra.faults;

import org.tokensuite.infra.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the fault tests' own ({@code initdb} into a temporary folder, {@code pg_ctl}
 * on a free port, trust authentication on loopback), so they can restart PostgreSQL without breaking
 * anybody else's tests on the machine's shared server. As root, the server runs as user
 * {@code postgres} (PostgreSQL refuses to run as root).
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private final Thread stopOnExit = new Thread(this::stopQuietly, "private-postgres-stop");

    private PrivatePostgres(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("postgres.log");
        this.port = port;
    }

    /** The binaries of the newest PostgreSQL installed here ({@code PG_BIN}, else /usr/lib/postgresql/N/bin), if any. */
    static Optional<Path> binaries() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Optional.of(Path.of(env));
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(lib)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> parseVersion(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Creates and starts a new cluster in a fresh temporary folder. */
    static PrivatePostgres start(Path bin) {
        try {
            Path directory = Files.createTempDirectory("tokensuite-faults-pg-");
            PrivatePostgres pg = new PrivatePostgres(bin, directory, Ports.free());
            Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
            try {
                if (isRoot()) {
                    run(List.of("chown", "-R", "postgres:postgres", directory.toString()), Duration.ofSeconds(10));
                }
                pg.asServerUser(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"), Duration.ofSeconds(120));
                pg.start();
                return pg;
            } catch (RuntimeException e) {
                pg.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    void start() {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                "-t", "120", "-o", options(), "start"), Duration.ofSeconds(150));
    }

    /** {@code pg_ctl stop -m fast}: every session is disconnected, in-flight transactions roll back. */
    void stopFast() {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "120",
                "-m", "fast", "stop"), Duration.ofSeconds(150));
    }

    /** Stops the server and deletes its folder (copying its log to {@code keepLogAs} first, when given). */
    void close(Path keepLogAs) {
        stopQuietly();
        try {
            if (keepLogAs != null && Files.isRegularFile(log)) {
                Files.createDirectories(keepLogAs.getParent());
                Files.copy(log, keepLogAs, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.println("[faults] could not keep the private PostgreSQL log: " + e.getMessage());
        }
        deleteRecursively(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    @Override
    public void close() {
        close(null);
    }

    private void stopQuietly() {
        if (Files.isRegularFile(data.resolve("postmaster.pid"))) {
            try {
                asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                        "-m", "immediate", "stop"), Duration.ofSeconds(90));
            } catch (RuntimeException e) {
                System.out.println("[faults] could not stop the private PostgreSQL: " + e.getMessage());
            }
        }
    }

    private String options() {
        // Loopback only, its socket in its own folder; enough connections for four services' pools.
        return "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c max_connections=200";
    }

    private void asServerUser(List<String> command, Duration timeout) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, timeout);
    }

    private static void run(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("tokensuite-faults-cmd-", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took longer than " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int parseVersion(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println("[faults] could not delete " + dir + ": " + e.getMessage());
        }
    }
}

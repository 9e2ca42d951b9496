package org.tokensuite.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PostgreSQL server the suite's databases live on. {@code TOKENS_DB_URL} (a JDBC URL of any
 * database on the server the user may create databases from, e.g.
 * {@code jdbc:postgresql://db:5432/postgres}), {@code TOKENS_DB_USER}, {@code TOKENS_DB_PASSWORD};
 * otherwise the local server at 127.0.0.1:5432 as {@code postgres}. Each service's database sits on
 * the same server, same credentials.
 */
public final class Databases {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String adminUrl;
    private final String user;
    private final String password;

    public Databases(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password == null ? "" : password;
    }

    public static Databases fromEnvironment() {
        return new Databases(env("TOKENS_DB_URL", LOCAL_URL), env("TOKENS_DB_USER", "postgres"),
                env("TOKENS_DB_PASSWORD", ""));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The JDBC URL of another database on the same server (query parameters kept). */
    public String urlOf(String database) {
        int hostStart = adminUrl.indexOf("//");
        int slash = adminUrl.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
        int query = adminUrl.indexOf('?');
        String base = slash < 0 ? (query < 0 ? adminUrl : adminUrl.substring(0, query)) : adminUrl.substring(0, slash);
        String params = query < 0 ? "" : adminUrl.substring(query);
        return base + "/" + database + params;
    }

    /**
     * Makes sure the server answers. When it does not, the URL points at this machine and
     * {@code pg_ctlcluster} is installed, starts the local clusters and waits for them.
     */
    public void ensureRunning(Duration timeout) {
        if (reachable()) {
            return;
        }
        if (isLocal() && Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster"))) {
            for (String version : clusterVersions()) {
                Console.info("PostgreSQL is down: pg_ctlcluster %s main start", version);
                run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"));
            }
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (reachable()) {
                    return;
                }
                sleep(500);
            }
        }
        throw new IllegalStateException("PostgreSQL does not answer at " + adminUrl + " as " + user
                + " (set TOKENS_DB_URL / TOKENS_DB_USER / TOKENS_DB_PASSWORD, or start the server)");
    }

    public boolean exists(String database) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Creates the database unless it exists; true if it was created. */
    public boolean createIfMissing(String database) {
        checkName(database);
        if (exists(database)) {
            return false;
        }
        try {
            execute("CREATE DATABASE " + database);
            return true;
        } catch (IllegalStateException e) {
            if (exists(database)) {
                return false; // created concurrently
            }
            throw e;
        }
    }

    /** Drops the database, disconnecting whoever is still connected. */
    public void drop(String database) {
        checkName(database);
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    /** Runs each statement, in order, on the admin connection (cluster-wide statements: roles, ownership). */
    public void executeAsAdmin(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            // Never the statement itself: it may set a password.
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** A server setting as the admin connection reads it ({@code SHOW}). */
    public String setting(String name) {
        try (Connection c = connect(); var statement = c.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Transactions committed in {@code database} so far, as the server's statistics count them ({@code
     * pg_stat_database}; each backend reports its counts about once a second, so a reading lags by up to that); -1 when
     * the database is unknown.
     */
    public long commits(String database) {
        try (Connection c = connect();
             var statement = c.prepareStatement("SELECT xact_commit FROM pg_stat_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (var rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Runs {@code sql} (one or more statements) as the admin user inside {@code database}. */
    public void executeIn(String database, String sql) {
        checkName(database);
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(urlOf(database), user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL, in " + database + ": " + e.getMessage(), e);
        }
    }

    private void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(adminUrl, user, password);
    }

    private boolean reachable() {
        try (Connection c = connect()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean isLocal() {
        return adminUrl.contains("//127.0.0.1") || adminUrl.contains("//localhost") || adminUrl.contains("//[::1]");
    }

    private static List<String> clusterVersions() {
        Path etc = Path.of("/etc/postgresql");
        if (!Files.isDirectory(etc)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(etc)) {
            return versions.filter(p -> Files.isDirectory(p.resolve("main")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            Console.info("could not run %s: %s", String.join(" ", command), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void checkName(String database) {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

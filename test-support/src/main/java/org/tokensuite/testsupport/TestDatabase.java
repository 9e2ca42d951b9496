package org.tokensuite.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class, dropped when the JVM ends. The server
 * is chosen in this order: {@code TEST_DB_URL} (a JDBC URL of a database the user may create
 * databases from, with {@code TEST_DB_USER}/{@code TEST_DB_PASSWORD}); a Testcontainers
 * PostgreSQL when a Docker engine answers; otherwise the local server at 127.0.0.1:5432.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static Server server;
    private static final List<String> created = new ArrayList<>();

    private final String url;
    private final String name;

    private TestDatabase(String url, String name) {
        this.url = url;
        this.name = name;
    }

    public String url() {
        return url;
    }

    public String name() {
        return name;
    }

    public String username() {
        return server().user;
    }

    public String password() {
        return server().password;
    }

    /** A new database whose name starts with the given label (letters, digits, underscores). */
    public static synchronized TestDatabase create(String label) {
        Server s = server();
        String name = ("t_" + label + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (name.length() > 60) {
            name = name.substring(0, 51) + name.substring(name.length() - 9);
        }
        s.execute("CREATE DATABASE " + name);
        created.add(name);
        return new TestDatabase(s.urlOf(name), name);
    }

    /** Runs SQL against the server's admin database, e.g. to stop or grant; for fault tests. */
    public static void admin(String sql) {
        server().execute(sql);
    }

    public void drop() {
        synchronized (TestDatabase.class) {
            server().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created.remove(name);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            server = chooseServer();
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll));
        }
        return server;
    }

    private static synchronized void dropAll() {
        for (String name : List.copyOf(created)) {
            try {
                server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                log.warn("could not drop test database {}: {}", name, e.getMessage());
            }
        }
        created.clear();
    }

    private static Server chooseServer() {
        String url = System.getenv("TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new Server(url, envOr("TEST_DB_USER", "postgres"), envOr("TEST_DB_PASSWORD", ""));
        }
        if (TestDocker.available()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        return new Server("jdbc:postgresql://127.0.0.1:5432/postgres", envOr("TEST_DB_USER", "postgres"),
                envOr("TEST_DB_PASSWORD", ""));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record Server(String adminUrl, String user, String password) {

        String urlOf(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        }

        void execute(String sql) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("test database: " + sql + ": " + e.getMessage(), e);
            }
        }
    }
}

package org.tokensuite.command.it;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tokensuite.command.CommandApplication;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * token-command started for a test class: a fresh database and the shared test broker (from
 * test-support), a stand-in for token-query's introspection, on a free port. Callers are made with
 * {@link #introspection()}; the event store is read through {@link #db()}.
 */
final class CommandService implements AutoCloseable {

    /** The systems the tests grant scopes of: every action of each is known. */
    static final String TEST_SYSTEMS = "billing:*,deploy:*,reports:*";

    private final FakeIntrospection introspection;
    private final ConfigurableApplicationContext app;
    private final JdbcTemplate db;
    private final CommandHttp http;

    private CommandService(FakeIntrospection introspection, ConfigurableApplicationContext app, JdbcTemplate db) {
        this.introspection = introspection;
        this.app = app;
        this.db = db;
        this.http = new CommandHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    static CommandService start(String label, Map<String, String> settings) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        SuiteInfrastructure.register((name, value) -> properties.put(name, value.get()), label);
        TestKafka.createTopics(4, "token-events", "token-signals", "token-usage");
        FakeIntrospection introspection = new FakeIntrospection();
        properties.put("server.port", "0");
        properties.put("tokens.resource-server.introspection-urls", introspection.uri().toString());
        properties.put("spring.main.banner-mode", "off");
        // The catalogue's test systems, seeded on the first start (a test may name others).
        properties.put("tokens.policy.known-scopes", TEST_SYSTEMS);
        properties.putAll(settings);
        JdbcTemplate db = new JdbcTemplate(new DriverManagerDataSource((String) properties.get("spring.datasource.url"),
                (String) properties.get("spring.datasource.username"), (String) properties.get("spring.datasource.password")));
        // As command-line arguments: they outrank application.yml.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        try {
            return new CommandService(introspection, new SpringApplicationBuilder(CommandApplication.class).run(args), db);
        } catch (RuntimeException e) {
            introspection.close();
            throw e;
        }
    }

    /**
     * A second instance beside this one: the same database (event store, token store, deadline
     * table) and the same stand-in for introspection, its own port.
     */
    CommandService startBeside(String label, Map<String, String> settings) throws Exception {
        Map<String, String> shared = new HashMap<>();
        for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password")) {
            shared.put(name, app.getEnvironment().getProperty(name, ""));
        }
        shared.put("tokens.resource-server.introspection-urls", introspection.uri().toString());
        shared.putAll(settings);
        return start(label, shared);
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    FakeIntrospection introspection() {
        return introspection;
    }

    JdbcTemplate db() {
        return db;
    }

    CommandHttp http() {
        return http;
    }

    int port() {
        return http.port();
    }

    /** The event types of one aggregate (a token or a user), in order. */
    List<String> eventTypesOf(String aggregateId) {
        return db.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                String.class, aggregateId).stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            introspection.close();
        }
    }
}

package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.AuditApplication;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor that cannot write (its database refuses the insert) while records wait is loud:
 * readiness and health go DOWN naming it and its last error, the gauges say so; once the
 * database accepts writes again it catches up and readiness is UP.
 */
class StalledProcessorHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestDatabase database;
    private static ConfigurableApplicationContext service;
    private static int port;

    @BeforeAll
    static void start() {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        database = SuiteInfrastructure.register(properties::put, "audit_stall");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--tokens.resource-server.introspection-urls=http://127.0.0.1:9/v1/introspect");
        args.add("--tokens.health.stall-after=PT2S");
        service = new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new));
        port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aProcessorThatCannotWriteMakesReadinessDownWithItsNameAndErrorUntilItRecovers() throws Exception {
        MeterRegistry meters = service.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(120)).until(() -> status("/actuator/health/readiness") == 200);
        for (String processor : List.of("audit-log", "audit-usage")) {
            assertThat(meters.get("tokens.processor.lag.events").tag("processor", processor).gauge()).isNotNull();
            assertThat(meters.get("tokens.processor.lag.seconds").tag("processor", processor).gauge()).isNotNull();
            assertThat(meters.get("tokens.processor.stalled").tag("processor", processor).gauge().value()).isZero();
        }

        String owner = "stall-" + UUID.randomUUID().toString().substring(0, 8);
        owner("REVOKE INSERT ON audit_entry FROM tokens_audit_writer");
        try (TokenEventsPublisher publisher = new TokenEventsPublisher()) {
            publisher.publish(new TokenRevoked(TokenId.random(), new UserId(owner), Actor.system("test"),
                    new Cause("stall", null), Instant.now()));

            await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 503);
            JsonNode readiness = body("/actuator/health/readiness");
            JsonNode processors = readiness.get("components").get("processors");
            assertThat(readiness.get("status").asText()).isEqualTo("DOWN");
            assertThat(processors.get("description").asText()).as(readiness.toString())
                    .contains("audit-log stalled").contains("last error: ").contains("Exception");
            assertThat(processors.get("details").get("audit-log").get("lastError").asText()).contains("Exception");
            JsonNode health = body("/actuator/health");
            assertThat(health.get("status").asText()).isEqualTo("DOWN");
            assertThat(health.get("components").get("processors").get("description").asText()).contains("audit-log");
            assertThat(meters.get("tokens.processor.stalled").tag("processor", "audit-log").gauge().value()).isEqualTo(1);
            assertThat(meters.get("tokens.processor.lag.events").tag("processor", "audit-log").gauge().value())
                    .isGreaterThanOrEqualTo(1);
            assertThat(meters.get("tokens.processor.lag.seconds").tag("processor", "audit-log").gauge().value())
                    .isGreaterThan(0);
            assertThat(entries(owner)).isZero();
        } finally {
            owner("GRANT INSERT ON audit_entry TO tokens_audit_writer");
        }

        // Records published by earlier test classes in this JVM may still be ahead of ours: wait for ours.
        await().atMost(Duration.ofSeconds(120)).until(() -> entries(owner) == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 200
                && meters.get("tokens.processor.lag.events").tag("processor", "audit-log").gauge().value() == 0);
        assertThat(status("/actuator/health")).isEqualTo(200);
        assertThat(meters.get("tokens.processor.stalled").tag("processor", "audit-log").gauge().value()).isZero();
    }

    private static int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static JsonNode body(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void owner(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.username(), database.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long entries(String owner) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.username(), database.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_entry WHERE owner_id = '" + owner + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

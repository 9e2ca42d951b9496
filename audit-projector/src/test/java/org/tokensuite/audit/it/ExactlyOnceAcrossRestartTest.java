package org.tokensuite.audit.it;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.AuditApplication;
import org.tokensuite.audit.verification.ChainVerification;
import org.tokensuite.audit.verification.ChainVerifier;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestDatabase;
import org.tokensuite.testsupport.TestKafka;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is stopped while events are still streaming in and its batches are in flight,
 * then a new instance starts on the same database: every event ends up recorded exactly once,
 * seq stays dense and the chain verifies.
 */
class ExactlyOnceAcrossRestartTest {

    private static final int EVENTS = 2000;

    @Test
    void everyEventIsRecordedExactlyOnceAcrossARestartInTheMiddleOfABatch() throws Exception {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        TestDatabase database = SuiteInfrastructure.register(properties::put, "audit_restart");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--tokens.resource-server.introspection-urls=http://127.0.0.1:9/v1/introspect");
        args.add("--axon.eventhandling.processors.audit-log.batch-size=50");
        String owner = "restart-" + UUID.randomUUID().toString().substring(0, 8);

        ConfigurableApplicationContext first = start(args);
        CompletableFuture<Void> streaming;
        try (TokenEventsPublisher publisher = new TokenEventsPublisher()) {
            streaming = CompletableFuture.runAsync(() -> publishAll(publisher, owner));
            await().atMost(Duration.ofSeconds(120)).until(() -> count(database, owner) >= 200);
            first.close();
            long recordedBeforeRestart = count(database, owner);
            streaming.get();
            assertThat(recordedBeforeRestart).as("the stop happened while events were still arriving").isLessThan(EVENTS);
        }

        ConfigurableApplicationContext second = start(args);
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> count(database, owner) >= EVENTS);
            assertThat(count(database, owner)).isEqualTo(EVENTS);
            try (Connection c = connect(database); Statement sql = c.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT count(*), max(seq), count(DISTINCT event_id) FROM audit_entry")) {
                rs.next();
                assertThat(rs.getLong(2)).as("seq is dense").isEqualTo(rs.getLong(1));
                assertThat(rs.getLong(3)).as("no event twice").isEqualTo(rs.getLong(1));
            }
            ChainVerification verification = second.getBean(ChainVerifier.class).verify();
            assertThat(verification.ok()).as(String.valueOf(verification)).isTrue();
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new));
    }

    private static void publishAll(TokenEventsPublisher publisher, String owner) {
        UserId user = new UserId(owner);
        TokenId token = TokenId.random();
        Instant t0 = Instant.parse("2024-06-01T00:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            Cause cause = new Cause("step " + i, "req-" + i);
            Instant at = t0.plusSeconds(i);
            publisher.publish(i % 2 == 0
                    ? new TokenSuspended(token, user, Actor.system("test"), cause, at)
                    : new TokenReinstated(token, user, Actor.system("test"), cause, at));
        }
    }

    private static Connection connect(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    private static long count(TestDatabase database, String owner) throws SQLException {
        try (Connection c = connect(database); Statement sql = c.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM audit_entry WHERE owner_id = '" + owner + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

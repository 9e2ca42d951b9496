package org.tokensuite.infra.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tokensuite.infra.KafkaPrincipal;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;
import org.tokensuite.infra.SuiteOptions;
import org.tokensuite.infra.Topics;
import org.tokensuite.infra.client.SuiteClient;
import org.tokensuite.infra.client.SuiteClient.Issued;
import org.tokensuite.infra.client.SuiteClient.Response;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two token-command instances on one event store ({@code run-suite.sh --command-instances 2}), both
 * taking commands at once: racing changes of the same tokens are each stored once or answered 409
 * (never 5xx), every event reaches {@code token-events} exactly once, deadlines fire once, an
 * offboarding wins against racing issues, and when one instance dies its clients (and
 * lifecycle-listener) go on with the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoCommandInstancesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int THREADS = 8;

    private Suite suite;
    private String admin;
    /** Admin clients whose commands go to the first and to the second instance. */
    private SuiteClient first;
    private SuiteClient second;
    /** Answers of every raced command, by status: only 2xx and 409 may appear. */
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheSuiteWithTwoCommandInstances() {
        SuiteOptions options = SuiteOptions.isolated(SuiteOptions.findRoot(), E2eDirectories.forTest("two-commands"))
                .commandInstances(2);
        // Six services on a PostgreSQL server other suites share (100 connections by default): smaller pools.
        List<String> jvm = new ArrayList<>(options.serviceJvmOptions());
        jvm.add("-Dspring.datasource.hikari.maximum-pool-size=4");
        suite = Suite.start(options.serviceJvmOptions(jvm));
        admin = suite.adminToken();
        first = suite.client();
        second = new SuiteClient(new SuiteClient.Endpoints(suite.url(Service.TOKEN_COMMAND_2), suite.url(Service.TOKEN_QUERY),
                suite.url(Service.AUDIT_PROJECTOR)), admin);
    }

    @AfterAll
    void stopTheSuite() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void bothInstancesServeOneEventStoreAndTheAdminTokenWasIssuedOnce() {
        assertThat(suite.healthStatus(Service.TOKEN_COMMAND)).isEqualTo("UP");
        assertThat(suite.healthStatus(Service.TOKEN_COMMAND_2)).isEqualTo("UP");
        assertThat(query("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%.TokenIssued'"
                + " AND convert_from(payload, 'UTF8') LIKE '%\"name\":\"bootstrap admin token\"%'", rs -> rs.getLong(1)))
                .as("bootstrap admin tokens issued").containsExactly(1L);
        assertThat(suite.commandUrls()).contains(suite.url(Service.TOKEN_COMMAND_2).toString());
        // Each polls the one deadline table under a name of its own.
        assertThat(readLog(Service.TOKEN_COMMAND)).contains("deadline scheduler 'token-command' ");
        assertThat(readLog(Service.TOKEN_COMMAND_2)).contains("deadline scheduler 'token-command-2' ");
    }

    private String readLog(Service service) {
        try {
            return java.nio.file.Files.readString(suite.logFile(service), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(2)
    void racingChangesOfTheSameTokensThroughBothInstancesAreStoredOnceEachAndNeverAServerError() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(first.issue("racer-" + (i % 3), "raced " + i, List.of("billing:read"), "P1D").tokenId());
        }
        Map<String, AtomicInteger> rotations = new ConcurrentHashMap<>();
        tokens.forEach(t -> rotations.put(t, new AtomicInteger()));
        run(THREADS, thread -> {
            Random random = new Random(thread);
            for (int i = 0; i < 30; i++) {
                SuiteClient via = (thread + i) % 2 == 0 ? first : second;
                String token = tokens.get(random.nextInt(tokens.size()));
                int operation = random.nextInt(4);
                Response answer = switch (operation) {
                    case 0 -> via.rotate(token, Map.of("overlap", "PT1M"));
                    case 1 -> via.rescope(token, Map.of("scopes", random.nextBoolean()
                            ? List.of("billing:read") : List.of("billing:read", "billing:write")));
                    case 2 -> via.suspend(token, Map.of("reason", "raced"));
                    default -> via.reinstate(token, Map.of("reason", "raced"));
                };
                count(answer);
                if (operation == 0 && answer.status() == 200) {
                    rotations.get(token).incrementAndGet();
                }
            }
        });
        // Both instances revoke every token at once: one TokenRevoked each, the other answer a no-op.
        run(THREADS, thread -> {
            for (String token : tokens) {
                count((thread % 2 == 0 ? first : second).revoke(token, "raced revocation"));
            }
        });

        assertThat(statuses.keySet()).as("answers %s", statuses).allMatch(s -> s / 100 == 2 || s == 409);
        for (String token : tokens) {
            List<Long> sequence = query("SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ?"
                    + " ORDER BY sequencenumber", rs -> rs.getLong(1), token);
            for (int i = 0; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).as("gapless sequence of %s: %s", token, sequence).isEqualTo((long) i);
            }
            assertThat(eventTypes(token).stream().filter("TokenRotated"::equals).count())
                    .as("one TokenRotated per answered rotation of %s", token).isEqualTo(rotations.get(token).get());
            assertThat(eventTypes(token).stream().filter("TokenRevoked"::equals).count()).as("revocations of %s", token)
                    .isEqualTo(1);
        }
        System.out.printf("[two-commands] raced answers %s; conflicts retried %s, refused %s (both instances)%n", statuses,
                conflicts("retried"), conflicts("refused"));
    }

    @Test
    @Order(3)
    void tokensWithAShortLifeExpireExactlyOnceWithBothSchedulersPolling() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tokens.add((i % 2 == 0 ? first : second).issue("short-lived", "short " + i, List.of("billing:read"), "PT3S").tokenId());
        }
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() ->
                tokens.stream().allMatch(t -> eventTypes(t).contains("TokenExpired")));
        // One more polling round of both schedulers: a second firing would have had time to store a second event.
        sleep(Duration.ofSeconds(6));
        for (String token : tokens) {
            assertThat(eventTypes(token).stream().filter("TokenExpired"::equals).count()).as("expirations of %s", token)
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void anOffboardingRacingIssuesForTheSameOwnerLeavesNoneOfTheirTokensVerifying() throws Exception {
        String owner = "leaver-race";
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        AtomicInteger offboarded = new AtomicInteger();
        run(4, thread -> {
            for (int i = 0; i < 12; i++) {
                SuiteClient via = (thread + i) % 2 == 0 ? first : second;
                if (thread == 0 && i == 5) {
                    Response answer = via.offboard(owner, Map.of("reason", "left", "correlationId", "race-offboarding"));
                    count(answer);
                    offboarded.set(answer.status());
                    continue;
                }
                Response answer = via.issue(Map.of("ownerId", owner, "name", "racing " + thread + "-" + i,
                        "scopes", List.of("billing:read"), "ttl", "P1D"));
                count(answer);
                if (answer.status() == 201) {
                    secrets.add(Issued.from(answer).token());
                }
            }
        });
        assertThat(offboarded.get()).isEqualTo(200);
        assertThat(statuses.keySet()).as("answers %s", statuses).allMatch(s -> s / 100 == 2 || s == 409);
        assertThat(secrets).isNotEmpty();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(() -> secrets.stream().noneMatch(s -> first.as(admin).active(s)));
        // And none stays active in the event store's own view of the owner's tokens.
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() ->
                query("SELECT count(*) FROM user_tokens WHERE user_id = ? AND state IN ('active', 'suspended')",
                        rs -> rs.getLong(1), owner).equals(List.of(0L)));
    }

    @Test
    @Order(5)
    void whenTheInstanceThatPublishesDiesClientsLifecycleListenerAndThePublisherGoOnWithTheOther() throws Exception {
        String employee = "emp-failover";
        Issued held = first.issue(employee, "held by a leaver", List.of("billing:read"), "P1D");
        // The victim is the instance holding the Kafka publisher's claim, so the survivor must take it over.
        List<String> owners = query("SELECT owner FROM tokenentry WHERE processorname = '__axon-kafka-event-publishing-group'"
                + " AND owner IS NOT NULL", rs -> rs.getString(1));
        assertThat(owners).as("the publisher's claim").hasSize(1);
        long publisherPid = Long.parseLong(owners.get(0).substring(0, owners.get(0).indexOf('@')));
        Service victim = suite.pid(Service.TOKEN_COMMAND_2).orElse(-1) == publisherPid ? Service.TOKEN_COMMAND_2 : Service.TOKEN_COMMAND;
        assertThat(suite.pid(victim)).hasValue(publisherPid);
        Service survivor = victim == Service.TOKEN_COMMAND ? Service.TOKEN_COMMAND_2 : Service.TOKEN_COMMAND;
        // Commands go to the victim first, then to the survivor (lifecycle-listener tries token-command, then token-command-2).
        SuiteClient failover = new SuiteClient(new SuiteClient.Endpoints(suite.url(victim), suite.url(Service.TOKEN_QUERY),
                suite.url(Service.AUDIT_PROJECTOR)), admin).withCommandFailover(List.of(suite.url(survivor)));
        System.out.printf("[two-commands] killing %s, which holds the publisher's claim%s%n", victim.instanceName(),
                victim == Service.TOKEN_COMMAND ? " (lifecycle-listener fails over too)" : "");
        // Killed between a publish and the commit of its tracking token, the publisher would send that batch
        // again from the survivor (Kafka publishing is at-least-once across a crash; the consumers keep
        // event ids): let the last event be published and its position committed first.
        await().atMost(PATIENCE).until(() -> first.as(admin).active(held.token()));
        sleep(Duration.ofSeconds(1));
        suite.kill(victim);

        for (int i = 0; i < 10; i++) {
            Response answer = failover.issue(Map.of("ownerId", "after-kill", "name", "after kill " + i,
                    "scopes", List.of("billing:read"), "ttl", "P1D"));
            assertThat(answer.status()).as("issue %d after the kill: %s", i, answer).isEqualTo(201);
        }
        assertThat(failover.revoke(held.tokenId(), "still works").status()).isEqualTo(200);

        // lifecycle-listener was given both URLs: its offboarding reaches the survivor.
        Issued other = failover.issue(employee, "another", List.of("billing:read"), "P1D");
        publishHr(employee, "{\"specversion\":\"1.0\",\"id\":\"failover-1\",\"source\":\"/hr/e2e\","
                + "\"type\":\"hr.employee.offboarded\",\"subject\":\"" + employee + "\",\"time\":\"" + Instant.now()
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"employeeId\":\"" + employee + "\"}}");
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() ->
                eventTypes(employee).contains("UserOffboarded") && eventTypes(other.tokenId()).contains("TokenRevoked"));
    }

    @Test
    @Order(6)
    void everyStoredEventIsOnTokenEventsExactlyOnceWhicheverInstanceStoredIt() {
        List<String> stored = query("SELECT eventidentifier FROM domainevententry", rs -> rs.getString(1));
        Map<String, Integer> published = new HashMap<>();
        Properties properties = new Properties();
        properties.putAll(suite.kafkaClientProperties(KafkaPrincipal.ADMIN));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TOKEN_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The killed instance may have held the publisher's claim: the survivor takes it over after the claim timeout.
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("axon-message-id");
                    published.merge(id == null ? "<none>" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
                return published.keySet().containsAll(stored);
            });
            // Whatever else was still on its way has arrived by now.
            for (int i = 0; i < 4; i++) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("axon-message-id");
                    published.merge(id == null ? "<none>" : new String(id.value(), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> twice = new HashMap<>();
        published.forEach((id, n) -> {
            if (n != 1) {
                twice.put(id, n);
            }
        });
        assertThat(twice).as("events published more than once").isEmpty();
        assertThat(published.keySet()).as("published but not stored").isSubsetOf(Set.copyOf(stored));
        System.out.printf("[two-commands] %d stored events, each published once%n", stored.size());
    }

    // --- helpers ---

    private interface Work {
        void run(int thread) throws Exception;
    }

    private static void run(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int t = thread;
                futures.add(pool.submit(() -> {
                    work.run(t);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void count(Response answer) {
        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
        if (answer.status() / 100 == 5 || answer.status() == -1) {
            System.out.printf("[two-commands] unexpected answer: %s%n", answer);
        }
    }

    /** Summed over both instances: {@code tokens.command.conflicts} with this outcome. */
    private String conflicts(String outcome) {
        double sum = 0;
        for (Service instance : List.of(Service.TOKEN_COMMAND, Service.TOKEN_COMMAND_2)) {
            Response metric = first.as(admin).get(suite.url(instance), "/actuator/metrics/tokens.command.conflicts?tag=outcome:" + outcome);
            if (metric.status() != 200) {
                return "unknown (" + metric.status() + ")";
            }
            JsonNode measurements = metric.json().path("measurements");
            sum += measurements.isEmpty() ? 0 : measurements.get(0).path("value").asDouble();
        }
        return String.valueOf((long) sum);
    }

    private List<String> eventTypes(String aggregateId) {
        return query("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                rs -> rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1), aggregateId);
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... parameters) {
        String database = suite.databaseName(Service.TOKEN_COMMAND);
        try (Connection connection = DriverManager.getConnection(suite.databases().urlOf(database),
                suite.databases().user(), suite.databases().password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + database + ": " + e.getMessage(), e);
        }
    }

    /** As an HR system would: hr-publisher is the one principal that may write HR events. */
    private void publishHr(String key, String value) throws Exception {
        Properties properties = new Properties();
        properties.putAll(suite.kafkaClientProperties(KafkaPrincipal.HR_PUBLISHER));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.HR_EMPLOYEE_EVENTS, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.tokensuite.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.lifecycle.listener.HrEventMetrics;
import org.tokensuite.lifecycle.support.IntrospectionDouble;
import org.tokensuite.lifecycle.support.TokenCommandDouble;
import org.tokensuite.testsupport.PrometheusText;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus}: only for tokens:admin, in Prometheus's text format, with the HR events by type
 * and outcome, the HR consumer's lag, the HTTP latency histogram and the JVM; never an employee id in a label.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // a Spring Boot test exports no metrics unless told to, as the service does
@DirtiesContext // stopped after this class: its listener must not outlive it
class PrometheusEndpointTest {

    private static final String TOPIC = "hr.employee-events.prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final IntrospectionDouble introspection = new IntrospectionDouble();
    private static final String listenerToken = introspection.mint("lifecycle-listener", "users:offboard users:suspend");
    private static final String admin = introspection.mint("ops", "tokens:admin");
    private static final String reader = introspection.mint("reader", "tokens:read");
    private static final TokenCommandDouble tokenCommand = new TokenCommandDouble(listenerToken);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "lifecycle-prometheus");
        // Topics and a consumer group of its own: other test classes share the broker.
        TestKafka.createTopics(4, TOPIC);
        TestKafka.createTopics(1, TOPIC + ".dlq");
        registry.add("lifecycle.topic", () -> TOPIC);
        registry.add("lifecycle.dead-letter-topic", () -> TOPIC + ".dlq");
        registry.add("spring.kafka.consumer.group-id", () -> "lifecycle-prometheus");
        registry.add("lifecycle.command-url", tokenCommand::url);
        registry.add("lifecycle.command-token", () -> listenerToken);
        registry.add("tokens.resource-server.introspection-urls", introspection::url);
    }

    @AfterAll
    static void stop() {
        tokenCommand.close();
        introspection.close();
    }

    @Test
    void withoutATokenTheScrapeIsUnauthenticated() throws Exception {
        assertProblem(get("/actuator/prometheus", null), 401, "unauthenticated");
    }

    @Test
    void aTokenWithoutTheAdminScopeIsForbidden() throws Exception {
        assertProblem(get("/actuator/prometheus", reader), 403, "forbidden");
    }

    @Test
    void anAdminScrapesHrEventsByOutcomeLagLatencyAndTheJvmWithoutAnEmployeeInALabel() throws Exception {
        String employee = "metrics-employee-5";
        String event = "{\"specversion\":\"1.0\",\"id\":\"prom-1\",\"source\":\"/hr/workday\",\"type\":\"hr.employee.offboarded\","
                + "\"subject\":\"" + employee + "\",\"time\":\"" + Instant.now() + "\",\"datacontenttype\":\"application/json\","
                + "\"data\":{\"employeeId\":\"" + employee + "\"}}";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, employee, event.getBytes(StandardCharsets.UTF_8))).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> scrape = get("/actuator/prometheus", admin);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).matches("(text/plain|application/openmetrics-text).*"));
            PrometheusText metrics = PrometheusText.parse(scrape.body());
            assertThat(metrics.value(HrEventMetrics.EVENTS.replace('.', '_') + "_total",
                    Map.of("type", "hr.employee.offboarded", "outcome", "applied"))).isEqualTo(1.0);
            assertThat(metrics.value("tokens_processor_lag_events", Map.of("processor", "hr-events"))).isNotNull();
            assertThat(metrics.value("tokens_processor_lag_seconds", Map.of("processor", "hr-events"))).isNotNull();
            assertThat(metrics.names()).contains("tokens_processor_stalled", "lifecycle_hr_lag_seconds_bucket",
                    "http_server_requests_seconds_bucket", "jvm_memory_used_bytes");
            assertThat(scrape.body()).doesNotContain(employee).doesNotContain(admin);
        });
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("https://tokensuite.org/problems/" + slug);
        assertThat(response.body()).doesNotContain("jvm_");
    }
}

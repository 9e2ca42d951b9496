package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.audit.AuditApplication;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever text an event carries (any UTF-16 sequence: NUL, controls, unpaired surrogates,
 * non-characters), published straight onto token-events, comes back identical from the JSON
 * export and the chain verifies.
 */
class ArbitraryTextPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static IntrospectionStub introspection;
    private static TokenEventsPublisher publisher;
    private static ConfigurableApplicationContext service;
    private static String auditor;
    private static int port;

    @BeforeContainer
    static void start() {
        introspection = new IntrospectionStub();
        auditor = introspection.tokenWithScopes("audit:read");
        publisher = new TokenEventsPublisher();
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        SuiteInfrastructure.register(properties::put, "audit_text");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value.get()));
        args.add("--server.port=0");
        args.add("--tokens.resource-server.introspection-urls=" + introspection.url());
        service = new SpringApplicationBuilder(AuditApplication.class).run(args.toArray(String[]::new));
        port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }

    @AfterContainer
    static void stop() {
        if (service != null) {
            service.close();
        }
        publisher.close();
        introspection.close();
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars('\u0000', '\ud800', '\udfff', '\ufffd', '#', '\'', '=', 'a', '"', '\\')
                        .ofMaxLength(12));
    }

    @Property(tries = 50)
    void anyNameAndReasonComesBackIdenticalAndTheChainVerifies(@ForAll("anyText") String name,
                                                              @ForAll("anyText") String reason) throws Exception {
        TokenId token = TokenId.random();
        EventMessage<TokenEvent> issued = TokenEventsPublisher.message(new TokenIssued(token, new UserId("prop-owner"),
                "NAMEPLACEHOLDER", Scopes.parse(List.of("audit:read")), new TokenHash("5e".repeat(32)), "ab12", null,
                null, List.of(), null, Actor.system("test"), new Cause("REASONPLACEHOLDER", "req-prop"),
                Instant.parse("2025-01-01T00:00:00Z")));
        publisher.publishEdited(TokenEventsPublisher.TOPIC, issued, json -> json
                .replace("\"NAMEPLACEHOLDER\"", TokenEventsPublisher.jsonString(name))
                .replace("\"REASONPLACEHOLDER\"", TokenEventsPublisher.jsonString(reason)));

        JsonNode entries = await().atMost(Duration.ofSeconds(60)).until(
                () -> get("/v1/audit/events?tokenId=" + token.value()).get("entries"), e -> e.size() == 1);

        JsonNode entry = entries.get(0);
        assertThat(entry.get("payload").get("name").textValue()).isEqualTo(name);
        assertThat(entry.get("cause").get("reason").textValue()).isEqualTo(reason);
        assertThat(entry.get("payload").get("cause").get("reason").textValue()).isEqualTo(reason);
        JsonNode verified = get("/v1/audit/verify");
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

package org.tokensuite.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.query.support.TopicPublisher;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;

/**
 * {@code POST /v1/introspect} (and {@code /v1/introspect/nginx}) as HTTP/1.1 clients send it on the wire: most requests are answered on the connection
 * itself, before the web framework (web.DirectIntrospection), and these tests hold that path to HTTP's rules: answers
 * in request order on a pipelined connection, also behind a request the framework serves; a body in pieces; a
 * connection that stays usable; HTTP/1.0 and {@code Connection: close}; {@code Expect: 100-continue}; and the nginx
 * route, answered the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntrospectionConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "query_introspection_wire");
        TestKafka.createTopics(4, TopicPublisher.TOPIC);
        TestKafka.createTopics(4, "token-usage", "token-signals");
    }

    @LocalServerPort
    int port;

    private final TopicPublisher topic = new TopicPublisher();
    private final String introspector = newSecret();
    private final String reader = newSecret();
    private final String aliceOwner = newOwner();
    private final String alice = newSecret();
    private final String bobOwner = newOwner();
    private final String bob = newSecret();

    @BeforeAll
    void issueTokens() {
        String serviceOwner = newOwner();
        topic.publish(issued(newTokenId(), serviceOwner, introspector, "tokens:introspect"));
        topic.publish(issued(newTokenId(), serviceOwner, reader, "tokens:read"));
        topic.publish(issued(newTokenId(), aliceOwner, alice, "billing:read"));
        topic.publish(issued(newTokenId(), bobOwner, bob, "billing:write"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (Connection connection = new Connection(port)) {
                connection.send(introspection(bob, "keep-alive"));
                assertThat(connection.next().json().path("active").asBoolean()).isTrue();
            }
        });
    }

    @AfterAll
    void closeTopic() {
        topic.close();
    }

    @Test
    void pipelinedIntrospectionsAreAnsweredInTheOrderTheyWereSent() throws IOException {
        try (Connection connection = new Connection(port)) {
            connection.send(introspection(alice, "keep-alive") + introspection(newSecret(), "keep-alive")
                    + introspection(bob, "keep-alive"));
            assertThat(connection.next().json().get("sub").asText()).isEqualTo(aliceOwner);
            assertThat(connection.next().body()).isEqualTo("{\"active\":false}");
            assertThat(connection.next().json().get("sub").asText()).isEqualTo(bobOwner);
        }
    }

    @Test
    void anIntrospectionPipelinedBehindAnInventoryReadIsAnsweredAfterIt() throws IOException {
        String inventory = "GET /v1/tokens?ownerId=" + aliceOwner + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + reader + "\r\n\r\n";
        try (Connection connection = new Connection(port)) {
            for (int round = 0; round < 20; round++) {
                connection.send(inventory + introspection(bob, "keep-alive"));
                Response first = connection.next();
                assertThat(first.status()).isEqualTo(200);
                assertThat(first.json().has("items")).as("the inventory page comes first").isTrue();
                Response second = connection.next();
                assertThat(second.json().get("sub").asText()).isEqualTo(bobOwner);
            }
        }
    }

    @Test
    void aConnectionKeepsAnsweringRequestAfterRequest() throws IOException {
        try (Connection connection = new Connection(port)) {
            for (int i = 0; i < 50; i++) {
                connection.send(introspection(i % 2 == 0 ? alice : bob, "keep-alive"));
                Response response = connection.next();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.json().get("sub").asText()).isEqualTo(i % 2 == 0 ? aliceOwner : bobOwner);
            }
        }
    }

    @Test
    void aBodyThatArrivesInPiecesIsReadWhole() throws Exception {
        String body = "token=" + alice + "&scope=billing:read";
        String head = "POST /v1/introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + introspector
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (Connection connection = new Connection(port)) {
            for (int round = 0; round < 3; round++) {
                connection.send(head);
                // Separate writes, so the server reads the head and each chunk on their own.
                Thread.sleep(50);
                connection.send(chunk(body.substring(0, 10)));
                Thread.sleep(50);
                connection.send(chunk(body.substring(10)) + "0\r\n\r\n");
                assertThat(connection.next().json().get("sub").asText()).isEqualTo(aliceOwner);
            }
        }
    }

    @Test
    void theJdkClientIntrospectsOverOneConnectionAgainAndAgain() throws Exception {
        // It writes the head and the body separately: the path the platform's IntrospectionClient takes.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/introspect"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + introspector)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + bob)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("sub").asText()).isEqualTo(bobOwner);
        }
    }

    @Test
    void connectionCloseIsAnsweredAndThenClosed() throws IOException {
        try (Connection connection = new Connection(port)) {
            connection.send(introspection(alice, "close") + introspection(bob, "keep-alive"));
            Response response = connection.next();
            assertThat(response.json().get("sub").asText()).isEqualTo(aliceOwner);
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(connection.atEnd()).as("nothing after the answer to Connection: close").isTrue();
        }
    }

    @Test
    void anHttp10ClientIsAnsweredAndClosedUnlessItAsksToKeepAlive() throws IOException {
        String body = "token=" + bob;
        String request = "POST /v1/introspect HTTP/1.0\r\nAuthorization: Bearer " + introspector
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n";
        try (Connection connection = new Connection(port)) {
            connection.send(request + "Connection: keep-alive\r\n\r\n" + body);
            Response kept = connection.next();
            assertThat(kept.json().get("sub").asText()).isEqualTo(bobOwner);
            assertThat(kept.header("connection")).isEqualToIgnoringCase("keep-alive");
            connection.send(request + "\r\n" + body);
            assertThat(connection.next().json().get("sub").asText()).isEqualTo(bobOwner);
            assertThat(connection.atEnd()).isTrue();
        }
    }

    @Test
    void aClientThatExpectsContinueGetsItAndThenItsAnswer() throws IOException {
        String body = "token=" + alice;
        try (Connection connection = new Connection(port)) {
            connection.send("POST /v1/introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + introspector
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: "
                    + body.length() + "\r\n\r\n");
            assertThat(connection.next().status()).isEqualTo(100);
            connection.send(body);
            assertThat(connection.next().json().get("sub").asText()).isEqualTo(aliceOwner);
        }
    }

    @Test
    void aRefusalBeforeTheBodyKeepsTheConnectionInStep() throws IOException {
        String unauthenticated = "POST /v1/introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc";
        try (Connection connection = new Connection(port)) {
            connection.send(unauthenticated + introspection(alice, "keep-alive"));
            Response refused = connection.next();
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("content-type")).isEqualTo("application/problem+json");
            assertThat(refused.header("www-authenticate")).isEqualTo("Bearer");
            assertThat(connection.next().json().get("sub").asText()).isEqualTo(aliceOwner);
        }
    }

    @Test
    void nginxSubrequestsAreAnsweredInOrderWithTheirHeadersAndTheirBodiesIgnored() throws IOException {
        String body = "x".repeat(300 * 1024); // over the form limit: this route reads no body, so it is no reason to refuse
        try (Connection connection = new Connection(port)) {
            connection.send(nginx("GET", alice, "billing:read", "") + nginx("GET", bob, "billing:read", "")
                    + nginx("POST", alice, null, body) + nginx("GET", newSecret(), null, ""));
            Response granted = connection.next();
            assertThat(granted.status()).isEqualTo(204);
            assertThat(granted.header("x-token-subject")).isEqualTo(aliceOwner);
            assertThat(granted.header("x-token-scope")).isEqualTo("billing:read");
            Response refused = connection.next();
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("detail").asText()).isEqualTo("the token does not hold billing:read");
            Response posted = connection.next();
            assertThat(posted.status()).isEqualTo(204);
            assertThat(posted.header("x-token-subject")).isEqualTo(aliceOwner);
            Response unknown = connection.next();
            assertThat(unknown.status()).isEqualTo(401);
            assertThat(unknown.header("www-authenticate")).isEqualTo("Bearer");
        }
    }

    // --- the wire ------------------------------------------------------------------------------

    private static String nginx(String method, String token, String scope, String body) {
        return method + " /v1/introspect/nginx" + (scope == null ? "" : "?scope=" + scope) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private String introspection(String token, String connection) {
        String body = "token=" + token;
        return "POST /v1/introspect HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + introspector
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: " + connection
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
    }

    private record Response(int status, String head, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** One socket; responses read one at a time by their Content-Length (every answer here has one). */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String bytes) throws IOException {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        Response next() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                assertThat(b).as("a complete response head").isNotNegative();
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            Response headOnly = new Response(Integer.parseInt(text.substring(9, 12)), text.trim(), "");
            String length = headOnly.header("content-length");
            int size = length == null ? 0 : Integer.parseInt(length);
            byte[] body = in.readNBytes(size);
            assertThat(body).as("the whole body").hasSize(size);
            return new Response(headOnly.status(), headOnly.head(), new String(body, StandardCharsets.UTF_8));
        }

        /** Whether the server closed the connection (nothing more to read). */
        boolean atEnd() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

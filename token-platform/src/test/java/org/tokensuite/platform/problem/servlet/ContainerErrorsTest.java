package org.tokensuite.platform.problem.servlet;

import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.tokensuite.platform.security.servlet.ServletResourceServerConfiguration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet service on Tomcat with nothing of its own but the platform: requests Tomcat refuses
 * before Spring sees them, and those Spring refuses, all get a typed problem (raw HTTP, since an
 * HTTP client would not send most of them).
 */
@SpringBootTest(classes = ContainerErrorsTest.Service.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.max-http-request-header-size=8KB")
class ContainerErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void pathsTomcatRefusesGetAProblemInsteadOfItsHtmlPage() throws Exception {
        for (String path : new String[] {"/v1/a%2Fb", "/v1/x%00", "/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
            Raw response = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("content-type")).as(path).startsWith("application/problem+json");
            assertThat(response.header("connection")).as(path).isEqualTo("close");
            assertThat(response.header("content-length")).as(path)
                    .isEqualTo(Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length));
            assertNothingOfTheContainerOrTheRequest(path, response);
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request");
            assertThat(problem.path("title").asText()).isEqualTo("Invalid request");
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asText()).contains("malformed");
        }
    }

    @Test
    void headersOverTheLimitAre431InvalidRequestWithoutEchoingThem() throws Exception {
        Raw response = send("GET /v1/hello HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "tok_".repeat(3_000) + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.header("connection")).isEqualTo("close");
        assertNothingOfTheContainerOrTheRequest("431", response);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://tokensuite.org/problems/invalid-request");
        assertThat(problem.path("status").asInt()).isEqualTo(431);
        assertThat(problem.path("detail").asText()).contains("too large");
    }

    @Test
    void aPathWithAFormatOfItsOwnGetsThatFormatFromTheContainerToo() throws Exception {
        Raw response = send("DELETE /legacy/a%2Fb HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/vnd.legacy+json");
        assertThat(JSON.readTree(response.body()).path("error").asInt()).isEqualTo(400);
    }

    @Test
    void whatSpringRefusesIsTypedFromTheVocabularyByTheDefaultAdvice() throws Exception {
        Raw unknown = send("GET /v1/nothing-here/tok_secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Raw wrongMethod = send("DELETE /v1/hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Raw unexpected = send("GET /v1/fail HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("type").asText()).isEqualTo("https://tokensuite.org/problems/not-found");
        assertThat(JSON.readTree(unknown.body()).path("detail").asText()).doesNotContain("tok_secret");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).path("type").asText())
                .isEqualTo("https://tokensuite.org/problems/method-not-allowed");
        assertThat(unexpected.status()).isEqualTo(500);
        assertThat(unexpected.header("content-type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(unexpected.body()).path("type").asText()).isEqualTo("https://tokensuite.org/problems/internal");
        assertNothingOfTheContainerOrTheRequest("500", unexpected);
    }

    private static void assertNothingOfTheContainerOrTheRequest(String what, Raw response) {
        assertThat(response.body()).as(what).doesNotContain("<", "Tomcat", "Exception", "\tat ", "tok_", "%2", "passwd");
        assertThat(response.header("server")).as(what).isNull();
    }

    private Raw send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return Raw.parse(all.toString(StandardCharsets.UTF_8));
        }
    }

    record Raw(int status, Map<String, String> headers, String body) {

        static Raw parse(String text) {
            int split = text.indexOf("\r\n\r\n");
            String[] head = text.substring(0, split).split("\r\n");
            Map<String, String> headers = new java.util.HashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
            }
            String body = text.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, body);
        }

        private static String unchunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", at);
                int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return body.toString();
                }
                body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    @SpringBootConfiguration
    // Errors only: the platform's resource server (tested on its own) would answer 401 before these paths are reached.
    @EnableAutoConfiguration(exclude = {ServletResourceServerConfiguration.class, SecurityAutoConfiguration.class,
            SecurityFilterAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
    static class Service {

        @Bean
        ErrorFormat legacy() {
            return new MvcProblemAdviceTest.Legacy();
        }

        @Bean
        Endpoints endpoints() {
            return new Endpoints();
        }
    }

    @RestController
    static class Endpoints {

        @GetMapping(value = "/v1/hello", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, String> hello() {
            return Map.of("hello", "world");
        }

        @GetMapping("/v1/fail")
        String fail() {
            throw new IllegalStateException("tok_secret");
        }
    }
}

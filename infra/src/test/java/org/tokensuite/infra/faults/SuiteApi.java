package org.tokensuite.infra.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.infra.Service;
import org.tokensuite.infra.Suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The suite's HTTP API as the fault tests use it, always with the bootstrap admin token. */
final class SuiteApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer, or none ({@code status} -1) when the call failed on the wire (refused, reset, timed out). */
    record Answer(int status, String body, String failure) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Suite suite;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    SuiteApi(Suite suite) {
        this.suite = suite;
    }

    Answer postJson(Service service, String path, Object body, String correlationId) {
        try {
            return send(HttpRequest.newBuilder(suite.url(service).resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + suite.adminToken())
                    .header("Content-Type", "application/json")
                    .header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer get(Service service, String path) {
        return send(HttpRequest.newBuilder(suite.url(service).resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + suite.adminToken())
                .header("Accept", "application/json")
                .GET().build());
    }

    /** RFC 7662 introspection of {@code token} on token-query, with the admin token as the caller's credential. */
    Answer introspect(String token) {
        return send(HttpRequest.newBuilder(suite.url(Service.TOKEN_QUERY).resolve("/v1/introspect"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + suite.adminToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build());
    }

    /** Every audit entry matching the query (e.g. {@code ownerId=x}), following the cursor; fails unless each page is 200. */
    List<JsonNode> auditEntries(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/audit/events?limit=1000" + (query.isEmpty() ? "" : "&" + query)
                    + (cursor == null ? "" : "&cursor=" + cursor);
            Answer answer = get(Service.AUDIT_PROJECTOR, path);
            if (answer.status() != 200) {
                throw new IllegalStateException("GET " + path + ": " + answer.status() + " " + answer.body() + " "
                        + answer.failure());
            }
            JsonNode page = answer.json();
            page.path("entries").forEach(all::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return all;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Answer(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    URI url(Service service) {
        return suite.url(service);
    }
}

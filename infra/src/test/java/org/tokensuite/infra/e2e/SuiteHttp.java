package org.tokensuite.infra.e2e;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Calls the running suite over HTTP exactly as its users do: raw requests, raw answers. */
final class SuiteHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Suite suite;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SuiteHttp(Suite suite) {
        this.suite = suite;
    }

    /** One JSON document, e.g. a line of an NDJSON export. */
    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** One answer: status, the Content-Type (empty when none) and the body as text. */
    record Reply(int status, String contentType, String body, HttpResponse<String> raw) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + " " + contentType + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        @Override
        public String toString() {
            String flat = body.length() > 400 ? body.substring(0, 400) + "…" : body;
            return status + " " + contentType + " " + flat;
        }
    }

    /**
     * Sends {@code method pathAndQuery} (already percent-encoded as it should go on the wire) to the
     * service, with the given headers and body (null for none).
     */
    Reply send(Service service, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        URI uri = URI.create(suite.url(service) + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    Reply get(Service service, String pathAndQuery, String bearer) {
        return send(service, "GET", pathAndQuery, auth(bearer), null);
    }

    Reply postJson(Service service, String path, String bearer, Object body) {
        return sendJson(service, "POST", path, bearer, body, Map.of());
    }

    Reply sendJson(Service service, String method, String path, String bearer, Object body, Map<String, String> extraHeaders) {
        Map<String, String> headers = auth(bearer);
        headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        try {
            return send(service, method, path, headers, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 7662: {@code POST /v1/introspect}, form {@code token=…}, authenticated by {@code bearer}. */
    JsonNode introspect(String bearer, String token) {
        Map<String, String> headers = auth(bearer);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        Reply reply = send(Service.TOKEN_QUERY, "POST", "/v1/introspect", headers,
                ("token=" + encode(token)).getBytes(StandardCharsets.UTF_8));
        if (reply.status() != 200) {
            throw new AssertionError("introspection answered " + reply);
        }
        return reply.json();
    }

    static Map<String, String> auth(String bearer) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return headers;
    }

    /** Percent-encodes one path segment or query value (spaces as %20, never +). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

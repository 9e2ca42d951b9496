package org.tokensuite.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The suite's HTTP API as the benchmark uses it (HTTP/1.1, keep-alive, one shared client). */
final class SuiteHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    record Issued(String tokenId, String token, String ownerId) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Endpoints endpoints;

    SuiteHttp(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    Endpoints endpoints() {
        return endpoints;
    }

    Issued issue(String ownerId, List<String> scopes) {
        JsonNode body = json(send(post(endpoints.command().resolve("/v1/tokens"), endpoints.adminToken(),
                Map.of("ownerId", ownerId, "name", "bench", "scopes", scopes, "ttl", "P1D")), 201));
        return new Issued(body.get("tokenId").asText(), body.get("token").asText(), ownerId);
    }

    String rotate(String tokenId) {
        return json(send(post(endpoints.command().resolve("/v1/tokens/" + tokenId + "/rotate"),
                endpoints.adminToken(), Map.of()), 200)).get("token").asText();
    }

    void revoke(String tokenId) {
        send(post(endpoints.command().resolve("/v1/tokens/" + tokenId + "/revoke"), endpoints.adminToken(),
                Map.of("reason", "benchmark")), 200);
    }

    /** True when introspection says {@code active:true}; {@code credential} holds tokens:introspect. */
    boolean active(String credential, String token) {
        return introspectBody(send(introspection(credential, token), 200)).contains("\"active\":true");
    }

    CompletableFuture<Boolean> activeAsync(String credential, String token) {
        return client.sendAsync(introspection(credential, token), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("introspection answered " + r.statusCode());
                    }
                    return r.body().contains("\"active\":true");
                });
    }

    /** Audit entries of one token with the given type (e.g. TokenRevoked). */
    int auditEntries(String tokenId, String type) {
        HttpRequest request = HttpRequest.newBuilder(endpoints.audit()
                        .resolve("/v1/audit/events?tokenId=" + tokenId + "&type=" + type))
                .header("Authorization", "Bearer " + endpoints.adminToken()).timeout(Duration.ofSeconds(10)).GET().build();
        return json(send(request, 200)).path("entries").size();
    }

    JsonNode getJson(URI uri) {
        return json(send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + endpoints.adminToken())
                .timeout(Duration.ofSeconds(10)).GET().build(), 200));
    }

    /** The status of an authenticated GET (e.g. 404 until the view holds a token). */
    int status(URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + endpoints.adminToken())
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonNode postJson(URI uri, Object body, int expected) {
        return json(send(post(uri, endpoints.adminToken(), body), expected));
    }

    private HttpRequest introspection(String credential, String token) {
        return HttpRequest.newBuilder(endpoints.query().resolve("/v1/introspect"))
                .header("Authorization", "Bearer " + credential)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
    }

    private static String introspectBody(HttpResponse<String> response) {
        return response.body();
    }

    private static HttpRequest post(URI uri, String bearer, Object body) {
        try {
            return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + abbreviate(response.body()), e);
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}

package org.tokensuite.infra.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The suite's HTTP API as infra calls it: the launcher, the benchmark and the end-to-end and fault
 * tests. Typed methods for what they do (issue, rotate, revoke, introspect, the inventory, the
 * audit log, health) and raw requests for tests that send what no well-behaved client would.
 *
 * <p>Every call answers with a {@link Response}, whatever the status; a request that gets no HTTP
 * answer (refused, reset, timed out) is a {@code Response} with status -1 and the failure, never an
 * exception: the fault tests judge such an outcome as unknown. The client never retries (nor does the
 * JDK's client resend a POST): a command sent twice may take effect twice, so whoever may retry (the
 * launcher while the suite starts) does it in the open. With several token-command instances
 * ({@link #withCommandFailover}) a command goes to the next one only when the one tried did not take
 * it: the connection was refused or never made, or it answered 503. HTTP/1.1 with keep-alive over one shared {@link HttpClient}; {@link #as} and
 * {@link #withHeader} give views that share it.
 */
public final class SuiteClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INTROSPECTION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

    /** Where the suite's APIs answer: token-command, token-query (one instance) and audit-projector. */
    public record Endpoints(URI command, URI query, URI audit) {
    }

    /**
     * One answer: status (-1 when none came), its Content-Type ("" when none), the body as text, the
     * headers, and {@code failure} when no answer came (else null).
     */
    public record Response(int status, String contentType, String body, HttpHeaders headers, String failure) {

        /** A 2xx answer. */
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as JSON (a missing node when empty); fails when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + this + ")", e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** This answer if its status is {@code status}, else an exception that says what came instead. */
        public Response expect(int status) {
            if (this.status != status) {
                throw new IllegalStateException("expected " + status + ", got " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            if (failure != null) {
                return "no answer: " + failure;
            }
            String flat = body.length() > 400 ? body.substring(0, 400) + "…" : body;
            return status + " " + contentType + " " + flat;
        }
    }

    /** A token just issued: its id and its secret (which only this answer ever holds). */
    public record Issued(String tokenId, String token) {
        /** The token in a 201 answer to an issue; fails on any other answer. */
        public static Issued from(Response response) {
            JsonNode body = response.expect(201).json();
            return new Issued(body.path("tokenId").asText(), body.path("token").asText());
        }
    }

    private final HttpClient http;
    private final Endpoints endpoints;
    private final String credential;
    private final Map<String, String> extraHeaders;
    /** Further token-command instances, tried in order after {@code endpoints.command()}. */
    private final List<URI> commandFailover;

    /** A client of the suite at {@code endpoints}, authenticating as {@code credential} (a bearer token; null: none). */
    public SuiteClient(Endpoints endpoints, String credential) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
                endpoints, credential, Map.of(), List.of());
    }

    private SuiteClient(HttpClient http, Endpoints endpoints, String credential, Map<String, String> extraHeaders,
                        List<URI> commandFailover) {
        this.http = http;
        this.endpoints = endpoints;
        this.credential = credential;
        this.extraHeaders = extraHeaders;
        this.commandFailover = commandFailover;
    }

    /**
     * The same client, sending commands to {@code others} in turn when token-command at
     * {@code endpoints().command()} does not take them (refused or unmade connection, or 503); never
     * after an instance answered anything else, or after a request that may have reached it timed out.
     */
    public SuiteClient withCommandFailover(List<URI> others) {
        return new SuiteClient(http, endpoints, credential, extraHeaders, List.copyOf(others));
    }

    /** Every token-command instance this client sends commands to, in the order it tries them. */
    public List<URI> commandUrls() {
        List<URI> all = new ArrayList<>();
        all.add(endpoints.command());
        all.addAll(commandFailover);
        return all;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The same client, authenticating as {@code bearer} (null: without credentials). */
    public SuiteClient as(String bearer) {
        return new SuiteClient(http, endpoints, bearer, extraHeaders, commandFailover);
    }

    /** The same client, adding {@code name: value} to every request (e.g. {@code X-Correlation-Id}). */
    public SuiteClient withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put(name, value);
        return new SuiteClient(http, endpoints, credential, Map.copyOf(headers), commandFailover);
    }

    /** The same client, adding {@code headers} to every request. */
    public SuiteClient withHeaders(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(extraHeaders);
        all.putAll(headers);
        return new SuiteClient(http, endpoints, credential, Map.copyOf(all), commandFailover);
    }

    // --- token-command ---

    /** {@code POST /v1/tokens} with {@code body} (ownerId, name, scopes, ttl, ...). */
    public Response issue(Object body) {
        return command("POST", "/v1/tokens", body);
    }

    /** Issues {@code scopes} for {@code ownerId}; fails unless token-command answers 201. */
    public Issued issue(String ownerId, String name, List<String> scopes, String ttl) {
        return Issued.from(issue(Map.of("ownerId", ownerId, "name", name, "scopes", scopes, "ttl", ttl)));
    }

    /** {@code POST /v1/tokens/{id}/rotate} ({@code overlap}, {@code reason}). */
    public Response rotate(String tokenId, Object body) {
        return command("POST", "/v1/tokens/" + tokenId + "/rotate", body);
    }

    /** {@code PUT /v1/tokens/{id}/scopes} ({@code scopes}, {@code reason}). */
    public Response rescope(String tokenId, Object body) {
        return command("PUT", "/v1/tokens/" + tokenId + "/scopes", body);
    }

    /** {@code POST /v1/tokens/{id}/revoke} with {@code reason}. */
    public Response revoke(String tokenId, String reason) {
        return revoke(tokenId, Map.of("reason", reason));
    }

    public Response revoke(String tokenId, Object body) {
        return command("POST", "/v1/tokens/" + tokenId + "/revoke", body);
    }

    /** {@code POST /v1/tokens/{id}/suspend}. */
    public Response suspend(String tokenId, Object body) {
        return command("POST", "/v1/tokens/" + tokenId + "/suspend", body);
    }

    /** {@code POST /v1/tokens/{id}/reinstate}. */
    public Response reinstate(String tokenId, Object body) {
        return command("POST", "/v1/tokens/" + tokenId + "/reinstate", body);
    }

    /**
     * {@code method path} with {@code body} as JSON to token-command, failing over to the next
     * instance only when the one tried did not take the command (see {@link #withCommandFailover}).
     */
    public Response command(String method, String path, Object body) {
        Response response = null;
        for (URI instance : commandUrls()) {
            response = sendJson(instance, method, path, body);
            if (!notTaken(response)) {
                return response;
            }
        }
        return response;
    }

    /** Refused or never connected (the request cannot have reached it), or 503: safe to send elsewhere. */
    private static boolean notTaken(Response response) {
        if (response.status() == 503) {
            return true;
        }
        return response.status() == -1 && response.failure() != null
                && (response.failure().startsWith(java.net.ConnectException.class.getName())
                || response.failure().startsWith(java.net.http.HttpConnectTimeoutException.class.getName()));
    }

    /** {@code POST /v1/users/{userId}/offboard}. */
    public Response offboard(String userId, Object body) {
        return command("POST", "/v1/users/" + userId + "/offboard", body);
    }

    // --- token-query ---

    /** RFC 7662: {@code POST /v1/introspect}, form {@code token=…}, authenticated by this client's credential. */
    public Response introspect(String token) {
        return send(introspection(token));
    }

    public CompletableFuture<Response> introspectAsync(String token) {
        return http.sendAsync(introspection(token), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(SuiteClient::answer);
    }

    /** Whether introspection says {@code active:true}; fails on any answer but 200. */
    public boolean active(String token) {
        return introspect(token).expect(200).json().path("active").asBoolean(false);
    }

    /** As {@link #active}, without waiting; the future fails on any answer but 200 (or none). */
    public CompletableFuture<Boolean> activeAsync(String token) {
        return introspectAsync(token).thenApply(r -> r.expect(200).json().path("active").asBoolean(false));
    }

    /** The inventory's summary of one token: {@code GET /v1/tokens/{id}}. */
    public Response token(String tokenId) {
        return get(endpoints.query(), "/v1/tokens/" + tokenId);
    }

    /** The inventory: {@code GET /v1/tokens?query} (query already encoded, e.g. {@code ownerId=x&size=10}). */
    public Response tokens(String query) {
        return get(endpoints.query(), "/v1/tokens" + (query.isEmpty() ? "" : "?" + query));
    }

    /** {@code POST /v1/admin/replay}: token-query rebuilds its view from the topic. */
    public Response replay() {
        return sendJson(endpoints.query(), "POST", "/v1/admin/replay", Map.of());
    }

    /** {@code GET /v1/admin/replay}: whether a replay is running. */
    public Response replayStatus() {
        return get(endpoints.query(), "/v1/admin/replay");
    }

    // --- audit-projector ---

    /** One page of {@code GET /v1/audit/events?query}. */
    public Response auditEvents(String query) {
        return get(endpoints.audit(), "/v1/audit/events" + (query.isEmpty() ? "" : "?" + query));
    }

    /** Every audit entry matching {@code query} (e.g. {@code ownerId=x}), following the cursor; fails unless each page is 200. */
    public List<JsonNode> auditEntries(String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String page = "limit=1000" + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + encode(cursor));
            JsonNode json = auditEvents(page).expect(200).json();
            json.path("entries").forEach(all::add);
            JsonNode next = json.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return all;
    }

    /** {@code GET /v1/audit/verify}: the chain check. */
    public Response auditVerify() {
        return get(endpoints.audit(), "/v1/audit/verify");
    }

    /** {@code GET /v1/audit/access?query}: who could do what at an instant. */
    public Response auditAccess(String query) {
        return get(endpoints.audit(), "/v1/audit/access?" + query);
    }

    // --- any service ---

    /** The {@code status} of {@code GET /actuator/health} of the service at {@code service}, or null when it does not answer. */
    public String healthStatus(URI service) {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health")).timeout(HEALTH_TIMEOUT).GET().build();
        Response response = send(request);
        if (response.status() == -1) {
            return null;
        }
        try {
            JsonNode status = JSON.readTree(response.body()).get("status");
            return status == null ? null : status.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code GET pathAndQuery} on the service at {@code service}, with this client's credential. */
    public Response get(URI service, String pathAndQuery) {
        return send(service, "GET", pathAndQuery, headers(), null, READ_TIMEOUT);
    }

    /** {@code method path} with {@code body} as JSON, with this client's credential. */
    public Response sendJson(URI service, String method, String path, Object body) {
        Map<String, String> headers = headers();
        headers.putIfAbsent("Content-Type", "application/json");
        try {
            return send(service, method, path, headers, JSON.writeValueAsBytes(body), COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A raw request: {@code method pathAndQuery} (already percent-encoded as it should go on the wire)
     * to the service at {@code service}, with exactly the given headers (not this client's credential)
     * and body (null for none).
     */
    public Response send(URI service, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        return send(service, method, pathAndQuery, headers, body, COMMAND_TIMEOUT);
    }

    /** As {@link #send(URI, String, String, Map, byte[])}, waiting up to {@code timeout} for the answer (a long command). */
    public Response send(URI service, String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                         Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + pathAndQuery)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpRequest introspection(String token) {
        Map<String, String> headers = headers();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(endpoints.query()) + "/v1/introspect"))
                .timeout(INTROSPECTION_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        headers.forEach(request::header);
        return request.build();
    }

    private Response send(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return new Response(-1, "", "", HttpHeaders.of(Map.of(), (a, b) -> true), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Response answer(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response.headers(), null);
    }

    /** The credential and the extra headers, in a new mutable map. */
    private Map<String, String> headers() {
        Map<String, String> headers = bearer(credential);
        headers.putAll(extraHeaders);
        return headers;
    }

    private static String base(URI service) {
        String text = service.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code Authorization: Bearer …} (none when {@code bearer} is null), in a new mutable map. */
    public static Map<String, String> bearer(String bearer) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return headers;
    }

    /** Percent-encodes one path segment or query value (spaces as %20, never +). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One JSON document, e.g. a line of an NDJSON export; fails when it is not JSON. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}

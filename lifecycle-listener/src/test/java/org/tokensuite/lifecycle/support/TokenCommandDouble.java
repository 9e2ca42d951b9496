package org.tokensuite.lifecycle.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for token-command's user endpoints (another service's HTTP API) and records every call
 * it receives. It can answer 503, refuse one user, or be stopped (connection refused) and started
 * again on the same port.
 */
public final class TokenCommandDouble implements AutoCloseable {

    public record Call(String userId, String action, String correlationId, String correlationHeader, String reason,
                       boolean authorized, int answered) {
    }

    private static final Pattern PATH = Pattern.compile("/v1/users/([^/]+)/(offboard|suspend|reinstate)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String expectedToken;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private final int port;
    private HttpServer server;

    public TokenCommandDouble(String expectedToken) {
        this.expectedToken = expectedToken;
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The status every later call is answered with (200, or e.g. 503). */
    public void answer(int status) {
        this.status = status;
    }

    /** token-command refuses this user's commands with the status (e.g. 400), whatever else happens. */
    public void refuse(String userId, int status) {
        refusals.put(userId, status);
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized void start() {
        if (server == null) {
            server = bind(port);
        }
    }

    public List<Call> callsFor(String userId) {
        return calls.stream().filter(c -> c.userId().equals(userId)).toList();
    }

    public List<Call> acceptedFor(String userId) {
        return callsFor(userId).stream().filter(c -> c.answered() == 200).toList();
    }

    @Override
    public void close() {
        stop();
    }

    private HttpServer bind(int port) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            created.createContext("/v1/users/", this::handle);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
                send(exchange, 404, "{\"status\":404,\"detail\":\"no such endpoint\"}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            boolean authorized = ("Bearer " + expectedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String user = path.group(1);
            int answer = !authorized ? 401 : refusals.getOrDefault(user, status);
            calls.add(new Call(user, path.group(2), body.path("correlationId").asText(null),
                    exchange.getRequestHeaders().getFirst("X-Correlation-Id"), body.path("reason").asText(null),
                    authorized, answer));
            if (answer == 200) {
                send(exchange, 200, "{\"userId\":\"" + user + "\",\"state\":\"done\",\"affectedTokens\":3}");
            } else {
                send(exchange, answer, "{\"type\":\"https://tokensuite.org/problems/x\",\"status\":" + answer
                        + ",\"detail\":\"refused by the double\"}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}

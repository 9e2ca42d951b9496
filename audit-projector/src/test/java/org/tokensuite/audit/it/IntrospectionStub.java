package org.tokensuite.audit.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.TokenId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test double for token-query's introspection endpoint (another service's HTTP API): tokens
 * handed out by {@link #tokenWithScopes} introspect themselves as active (those of
 * {@link #supersededTokenWithScopes} as active but superseded); anything else is inactive. It
 * remembers the {@code client_address} of every request, so tests can see what was sent.
 */
final class IntrospectionStub implements AutoCloseable {

    private final Map<String, String> activeTokens = new ConcurrentHashMap<>();
    private final List<String> clientAddresses = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    IntrospectionStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/introspect", this::introspect);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/introspect";
    }

    String tokenWithScopes(String scopes) {
        return token(scopes, "");
    }

    /** A token whose presented secret is the previous one of a rotation, still inside its overlap. */
    String supersededTokenWithScopes(String scopes) {
        return token(scopes, ",\"superseded\":true");
    }

    /** The token is no longer active (revoked, expired): it introspects as {@code active:false} from now on. */
    void deactivate(String token) {
        activeTokens.remove(token);
    }

    /** The token stays active with other scopes (re-scoped). */
    void rescope(String token, String scopes) {
        activeTokens.computeIfPresent(token, (t, answer) -> answer.replaceFirst("\"scope\":\"[^\"]*\"", "\"scope\":\"" + scopes + "\""));
    }

    /** The {@code client_address} of the latest request ("" when it had none). */
    String lastClientAddress() {
        return clientAddresses.isEmpty() ? null : clientAddresses.get(clientAddresses.size() - 1);
    }

    private String token(String scopes, String extension) {
        String token = new TokenSecrets().generate();
        activeTokens.put(token, "{\"active\":true,\"scope\":\"" + scopes + "\",\"sub\":\"auditor\",\"jti\":\""
                + TokenId.random().value() + "\",\"token_type\":\"Bearer\"" + extension + "}");
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void introspect(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String token = form.getOrDefault("token", "");
            clientAddresses.add(form.getOrDefault("client_address", ""));
            String answer = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? activeTokens.getOrDefault(token, "{\"active\":false}") : "{\"active\":false}";
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}

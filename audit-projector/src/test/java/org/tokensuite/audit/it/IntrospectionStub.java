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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test double for token-query's introspection endpoint (another service's HTTP API): tokens
 * handed out by {@link #tokenWithScopes} introspect themselves as active; anything else is inactive.
 */
final class IntrospectionStub implements AutoCloseable {

    private final Map<String, String> activeTokens = new ConcurrentHashMap<>();
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
        String token = new TokenSecrets().generate();
        activeTokens.put(token, "{\"active\":true,\"scope\":\"" + scopes + "\",\"sub\":\"auditor\",\"jti\":\""
                + TokenId.random().value() + "\",\"token_type\":\"Bearer\"}");
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void introspect(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = form.startsWith("token=") ? URLDecoder.decode(form.substring(6), StandardCharsets.UTF_8) : "";
            String answer = ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    ? activeTokens.getOrDefault(token, "{\"active\":false}") : "{\"active\":false}";
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }
}

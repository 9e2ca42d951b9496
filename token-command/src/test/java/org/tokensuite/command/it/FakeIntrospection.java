package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.tokensuite.platform.security.IntrospectionResult;
import org.tokensuite.api.secret.TokenSecrets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for token-query's RFC 7662 endpoint (another service's HTTP API), answering for the
 * test's known tokens. Like token-query, it lets a token introspect itself. It remembers the last
 * {@code client_address} a service reported, so tests can see which address the service believed.
 */
final class FakeIntrospection implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, IntrospectionResult> known = new ConcurrentHashMap<>();
    private volatile String lastClientAddress;

    FakeIntrospection() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/introspect", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            lastClientAddress = form.get("client_address");
            String token = form.getOrDefault("token", "");
            byte[] body = JSON.writeValueAsBytes(known.getOrDefault(token, IntrospectionResult.INACTIVE));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/introspect");
    }

    String lastClientAddress() {
        return lastClientAddress;
    }

    /** A fresh, well-formed token that introspects as active with these scopes. */
    String caller(String tokenId, String ownerId, String scopes) {
        String token = new TokenSecrets().generate();
        allow(token, tokenId, ownerId, scopes);
        return token;
    }

    void allow(String token, String tokenId, String ownerId, String scopes) {
        known.put(token, new IntrospectionResult(true, scopes, ownerId, null, null, null, tokenId, "Bearer"));
    }

    /** As token-query answers for the previous secret of a rotated token, inside its overlap. */
    void allowSuperseded(String token, String tokenId, String ownerId, String scopes) {
        known.put(token, new IntrospectionResult(true, scopes, ownerId, null, null, null, tokenId, "Bearer", true));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

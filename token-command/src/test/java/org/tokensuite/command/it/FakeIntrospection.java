package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.tokensuite.api.auth.IntrospectionResult;
import org.tokensuite.api.secret.TokenSecrets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for token-query's RFC 7662 endpoint (another service's HTTP API), answering for the
 * test's known tokens. Like token-query, it lets a token introspect itself.
 */
final class FakeIntrospection implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, IntrospectionResult> known = new ConcurrentHashMap<>();

    FakeIntrospection() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/introspect", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            String token = form.startsWith("token=") ? URLDecoder.decode(form.substring(6), StandardCharsets.UTF_8) : "";
            byte[] body = JSON.writeValueAsBytes(known.getOrDefault(token, IntrospectionResult.INACTIVE));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/introspect");
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

    @Override
    public void close() {
        server.stop(0);
    }
}

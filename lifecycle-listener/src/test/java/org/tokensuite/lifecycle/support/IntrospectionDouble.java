package org.tokensuite.lifecycle.support;

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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for token-query's RFC 7662 introspection (another service's HTTP API): tokens minted
 * here are active with the scopes given; anything else is {@code active:false}.
 */
public final class IntrospectionDouble implements AutoCloseable {

    private record Grant(String tokenId, String owner, String scope) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final HttpServer server;

    public IntrospectionDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/introspect", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/introspect";
    }

    /** A fresh, well-formed token that introspects as active for the owner with these scopes. */
    public String mint(String owner, String scopes) {
        String token = new TokenSecrets().generate();
        grants.put(token, new Grant(TokenId.random().value(), owner, scopes));
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = form.startsWith("token=") ? URLDecoder.decode(form.substring(6), StandardCharsets.UTF_8) : "";
            Grant grant = grants.get(token);
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            String body;
            if (grant == null || !("Bearer " + token).equals(bearer)) {
                body = "{\"active\":false}";
            } else {
                long now = Instant.now().getEpochSecond();
                body = "{\"active\":true,\"scope\":\"" + grant.scope() + "\",\"sub\":\"" + grant.owner() + "\",\"jti\":\""
                        + grant.tokenId() + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"token_type\":\"Bearer\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}

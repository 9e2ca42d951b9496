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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for token-query's RFC 7662 introspection (another service's HTTP API): tokens minted
 * here are active with the scopes given (and, if minted so, {@code superseded:true}); anything
 * else is {@code active:false}. It remembers the {@code client_address} each token was last
 * presented from.
 */
public final class IntrospectionDouble implements AutoCloseable {

    private record Grant(String tokenId, String owner, String scope, boolean superseded) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, String> clientAddresses = new ConcurrentHashMap<>();
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
        return mint(owner, scopes, false);
    }

    /** Like {@link #mint}, but the secret is the previous one of a rotation, still inside its overlap. */
    public String mintSuperseded(String owner, String scopes) {
        return mint(owner, scopes, true);
    }

    /** The {@code client_address} the token was last introspected with ("" when none was sent), or null. */
    public String clientAddressOf(String token) {
        return clientAddresses.get(token);
    }

    private String mint(String owner, String scopes, boolean superseded) {
        String token = new TokenSecrets().generate();
        grants.put(token, new Grant(TokenId.random().value(), owner, scopes, superseded));
        return token;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String token = form.getOrDefault("token", "");
            Grant grant = grants.get(token);
            if (grant != null) {
                clientAddresses.put(token, form.getOrDefault("client_address", ""));
            }
            String bearer = exchange.getRequestHeaders().getFirst("Authorization");
            String body;
            if (grant == null || !("Bearer " + token).equals(bearer)) {
                body = "{\"active\":false}";
            } else {
                long now = Instant.now().getEpochSecond();
                body = "{\"active\":true,\"scope\":\"" + grant.scope() + "\",\"sub\":\"" + grant.owner() + "\",\"jti\":\""
                        + grant.tokenId() + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + ",\"token_type\":\"Bearer\""
                        + (grant.superseded() ? ",\"superseded\":true" : "") + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}

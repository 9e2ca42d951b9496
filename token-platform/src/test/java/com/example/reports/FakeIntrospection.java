package com.example.reports;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the suite's introspection endpoint (token-query): answers RFC 7662 JSON for the tokens
 * it was told about, {@code active:false} for others, 503 while "down". Remembers what it was asked.
 */
public final class FakeIntrospection implements AutoCloseable {

    public record Asked(String authorization, Map<String, String> form) {
    }

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    public final List<Asked> asked = new CopyOnWriteArrayList<>();
    public volatile boolean down;

    public FakeIntrospection() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/introspect", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new ConcurrentHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            asked.add(new Asked(exchange.getRequestHeaders().getFirst("Authorization"), form));
            byte[] answer = answers.getOrDefault(form.get("token"), "{\"active\":false}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(down ? 503 : 200, down ? -1 : answer.length);
            if (!down) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/introspect";
    }

    public void allow(String token, String tokenId, String owner, String scopes) {
        answers.put(token, "{\"active\":true,\"jti\":\"" + tokenId + "\",\"sub\":\"" + owner + "\",\"scope\":\"" + scopes
                + "\",\"token_type\":\"Bearer\"}");
    }

    public void allowSuperseded(String token, String tokenId, String owner, String scopes) {
        answers.put(token, "{\"active\":true,\"jti\":\"" + tokenId + "\",\"sub\":\"" + owner + "\",\"scope\":\"" + scopes
                + "\",\"token_type\":\"Bearer\",\"superseded\":true}");
    }

    public Asked last() {
        return asked.isEmpty() ? null : asked.get(asked.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

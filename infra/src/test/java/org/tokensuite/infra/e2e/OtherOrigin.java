package org.tokensuite.infra.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another site, as an attacker would run it: fixed HTML pages on another origin (another port of the same
 * host, so even a SameSite=Strict cookie goes along: only the console's own checks stand in the way).
 */
final class OtherOrigin implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    OtherOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                String page = pages.get(exchange.getRequestURI().getPath());
                byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** Serves {@code html} at {@code path}; its URL. */
    String page(String path, String html) {
        pages.put(path, "<!DOCTYPE html><html><head><title>another site</title></head><body>" + html + "</body></html>");
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

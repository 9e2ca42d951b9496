package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.tokensuite.api.auth.TrustedProxies;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Who sent a request, as token-api's {@link TrustedProxies} resolves it: the connection's peer,
 * unless that peer is a configured trusted proxy ({@code tokens.http.trusted-proxies}); then the
 * right-most {@code Forwarded} / {@code X-Forwarded-For} entry that is not a trusted proxy. A parsed
 * IP address or null, never header text: a client cannot choose the address it is judged by.
 */
@Component
public class ClientAddress {

    private final TrustedProxies proxies;

    public ClientAddress(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public String of(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return proxies.clientAddress(peer(request), headers.getOrEmpty("Forwarded"),
                headers.getOrEmpty("X-Forwarded-For"));
    }

    /** {@link #of} computed at most once, and only if asked (most tokens restrict no addresses). */
    public Supplier<String> lazily(ServerHttpRequest request) {
        return new Supplier<>() {
            private boolean resolved;
            private String address;

            @Override
            public String get() {
                if (!resolved) {
                    address = of(request);
                    resolved = true;
                }
                return address;
            }
        };
    }

    private static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}

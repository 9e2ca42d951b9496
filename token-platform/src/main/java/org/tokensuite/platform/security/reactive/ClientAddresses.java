package org.tokensuite.platform.security.reactive;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.tokensuite.platform.security.TrustedProxies;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** Where a reactive request came from, by {@link TrustedProxies}: a parsed IP address or null, never header text. */
public class ClientAddresses {

    private final TrustedProxies proxies;

    public ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public String of(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return proxies.clientAddress(peer(request), headers::getOrEmpty);
    }

    /** {@link #of} computed at most once, and only if asked (most tokens restrict no addresses). */
    public Supplier<String> lazily(ServerHttpRequest request) {
        return proxies.lazily(() -> peer(request), request.getHeaders()::getOrEmpty);
    }

    private static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}

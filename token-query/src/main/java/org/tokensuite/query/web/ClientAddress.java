package org.tokensuite.query.web;

import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetSocketAddress;

/**
 * Where a token is presented from. For the token being checked this is the first
 * {@code X-Forwarded-For} entry when the caller passes one (the calling service or proxy reports
 * its own client), else the connection's remote address. So token-query must only be reachable
 * through callers that set that header truthfully (services, a proxy that overwrites it).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerHttpRequest request) {
        String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null) {
            int comma = forwarded.indexOf(',');
            String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
            if (!first.isEmpty()) {
                return first;
            }
        }
        return remote(request);
    }

    /** The connection's peer: used for a calling service's own credential, never overridden by headers. */
    public static String remote(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}

package org.tokensuite.platform.security.reactive;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The exchange a bearer token is being authenticated for, in the Reactor context of the introspection:
 * a {@code ReactiveOpaqueTokenIntrospector} that needs the request (its client address, its path) reads it here.
 */
public final class PresentingExchange {

    private static final Object KEY = PresentingExchange.class;

    private PresentingExchange() {
    }

    public static Mono<ServerWebExchange> current() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(of(context)));
    }

    public static ServerWebExchange of(ContextView context) {
        return context.getOrDefault(KEY, null);
    }

    static Context with(Context context, ServerWebExchange exchange) {
        return context.put(KEY, exchange);
    }
}

package org.tokensuite.platform.security.reactive;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.tokensuite.platform.security.SuiteTokenIntrospection;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Security's reactive opaque-token introspector over the suite's introspection endpoint. The HTTP
 * call (with its failover) blocks, so it runs on the bounded elastic scheduler, never an event loop.
 */
public class HttpReactiveOpaqueTokenIntrospector implements ReactiveOpaqueTokenIntrospector {

    private final SuiteTokenIntrospection introspection;
    private final ClientAddresses clientAddresses;

    public HttpReactiveOpaqueTokenIntrospector(SuiteTokenIntrospection introspection, ClientAddresses clientAddresses) {
        this.introspection = introspection;
        this.clientAddresses = clientAddresses;
    }

    @Override
    public Mono<OAuth2AuthenticatedPrincipal> introspect(String token) {
        return Mono.deferContextual(context -> {
            var exchange = PresentingExchange.of(context);
            String address = exchange == null ? null : clientAddresses.of(exchange.getRequest());
            return Mono.<OAuth2AuthenticatedPrincipal>fromCallable(() -> introspection.introspect(token, address))
                    .subscribeOn(Schedulers.boundedElastic());
        });
    }
}

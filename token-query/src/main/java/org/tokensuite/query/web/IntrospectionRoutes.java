package org.tokensuite.query.web;

import org.springframework.boot.autoconfigure.web.reactive.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.tokensuite.platform.security.reactive.SelfAuthenticatedPaths;

import java.util.List;

import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** Functional routes for introspection: no annotation scanning or argument resolution per call. */
@Configuration(proxyBeanMethods = false)
public class IntrospectionRoutes {

    /** Codec lists built once instead of on every form request (see {@link FrozenServerCodecs}). */
    @Bean
    WebHttpHandlerBuilderCustomizer frozenServerCodecs(ServerCodecConfigurer serverCodecConfigurer) {
        return builder -> builder.codecConfigurer(new FrozenServerCodecs(serverCodecConfigurer));
    }

    /**
     * The RFC 7662 endpoints keep their own caller rules (self-introspection, tokens:introspect, the nginx
     * service credential) in {@link IntrospectionHandler}: the verifier's hot path, outside Spring Security's
     * chain (README, "Callers"). Every other endpoint is under token-platform's chain.
     */
    @Bean
    SelfAuthenticatedPaths introspectionPaths() {
        return new SelfAuthenticatedPaths(List.of("/v1/introspect", "/v1/introspect/nginx"));
    }

    @Bean
    RouterFunction<ServerResponse> introspectionRouter(IntrospectionHandler handler) {
        return route(POST("/v1/introspect"), handler::introspect)
                // Any method: nginx auth_request subrequests carry the original request's method.
                .andRoute(path("/v1/introspect/nginx"), handler::nginx)
                .andRoute(path("/v1/introspect"), handler::methodNotAllowed);
    }
}

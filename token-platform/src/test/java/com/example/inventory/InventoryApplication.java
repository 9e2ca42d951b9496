package com.example.inventory;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.embedded.netty.NettyReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.reactive.ReactiveTokenAccessRules;
import org.tokensuite.platform.security.reactive.ReactiveTokenScopes;
import reactor.core.publisher.Mono;

import java.util.Map;

/** A WebFlux service outside the suite: token-platform and an introspection URL. */
@SpringBootApplication
public class InventoryApplication {

    /** On Netty, as token-query runs (Tomcat is on this test classpath too and would be Boot's first choice). */
    @Bean
    NettyReactiveWebServerFactory netty() {
        return new NettyReactiveWebServerFactory();
    }

    @Bean
    ReactiveTokenAccessRules inventoryRules() {
        return exchanges -> exchanges.pathMatchers(HttpMethod.GET, "/items").access(ReactiveTokenScopes.has("items:read"))
                .pathMatchers(HttpMethod.POST, "/items").access(ReactiveTokenScopes.has("items:write"));
    }

    @RestController
    static class Items {

        @GetMapping("/items")
        Mono<Map<String, String>> items(@AuthenticationPrincipal Caller caller) {
            return Mono.just(Map.of("owner", caller.ownerId().value()));
        }

        @PostMapping("/items")
        Mono<Map<String, String>> add(@AuthenticationPrincipal Caller caller) {
            return Mono.just(Map.of("addedBy", caller.ownerId().value()));
        }
    }
}

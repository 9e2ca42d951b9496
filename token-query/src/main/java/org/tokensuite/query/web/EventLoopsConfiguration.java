package org.tokensuite.query.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server's own event loops, {@code tokens.http.event-loops} of them (0: one per available processor).
 * Reactor Netty's default is at least four, sized for handlers that may block; nothing here blocks a loop
 * (introspection is answered on it from memory, database work is moved off it), so more loops than cores only
 * makes them take the cores from each other, and an answer waits while its loop is off the CPU.
 */
@Configuration(proxyBeanMethods = false)
public class EventLoopsConfiguration {

    private static final String THREAD_PREFIX = "tokens-http";

    @Bean
    ReactorResourceFactory reactorServerResourceFactory(@Value("${tokens.http.event-loops:0}") int configured) {
        if (configured < 0) {
            throw new IllegalArgumentException("tokens.http.event-loops (TOKENS_HTTP_EVENT_LOOPS) must be 0 (one per"
                    + " available processor) or a positive number of event loops, not " + configured);
        }
        int loops = configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
        ReactorResourceFactory factory = new ReactorResourceFactory();
        // Its own loops, disposed with the context, instead of Reactor Netty's process-wide ones.
        factory.setUseGlobalResources(false);
        factory.setLoopResourcesSupplier(() -> LoopResources.create(THREAD_PREFIX, loops, true));
        return factory;
    }
}

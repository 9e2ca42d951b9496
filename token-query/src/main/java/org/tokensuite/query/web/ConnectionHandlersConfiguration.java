package org.tokensuite.query.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.security.TrustedProxies;
import reactor.netty.NettyPipeline;

import java.time.Clock;

/**
 * The project's own Netty handlers on every HTTP/1.1 connection, right behind Reactor Netty's decoder and in this
 * order: {@link EarlyRefusals}, then {@link ConnectionDrain}'s counter, so a request refused (and answered) before
 * Spring sees it is never counted as in flight, then {@link DirectIntrospection}, whose answers the counter does see.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionHandlersConfiguration {

    @Bean
    ConnectionDrain connectionDrain() {
        return new ConnectionDrain();
    }

    @Bean
    NettyServerCustomizer connectionHandlers(ProblemRenderer renderer, ConnectionDrain drain, IntrospectionRules rules,
                                             TrustedProxies proxies, MeterRegistry meters, Clock clock,
                                             @Value("${management.observations.enable.http.server.requests:true}") boolean timed) {
        DirectAnswerTimer timer = new DirectAnswerTimer(meters, timed);
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, "tokensEarlyRefusals", new EarlyRefusals(renderer));
                pipeline.addAfter("tokensEarlyRefusals", "tokensConnectionDrain", drain.counter());
                pipeline.addAfter("tokensConnectionDrain", "tokensDirectIntrospection",
                        new DirectIntrospection(rules, renderer, proxies, timer, clock));
            }
        });
    }
}

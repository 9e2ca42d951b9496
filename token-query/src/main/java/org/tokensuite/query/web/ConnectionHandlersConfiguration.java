package org.tokensuite.query.web;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * The project's own Netty handlers on every HTTP/1.1 connection, right behind Reactor Netty's decoder and in this
 * order: {@link EarlyRefusals}, then {@link ConnectionDrain}'s counter, so a request refused (and answered) before
 * Spring sees it is never counted as in flight.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionHandlersConfiguration {

    @Bean
    ConnectionDrain connectionDrain() {
        return new ConnectionDrain();
    }

    @Bean
    NettyServerCustomizer connectionHandlers(ProblemRenderer renderer, ConnectionDrain drain) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, "tokensEarlyRefusals", new EarlyRefusals(renderer));
                pipeline.addAfter("tokensEarlyRefusals", "tokensConnectionDrain", drain.counter());
            }
        });
    }
}

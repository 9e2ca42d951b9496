package org.tokensuite.query.web;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** Puts {@link EarlyRefusals} right behind Reactor Netty's HTTP/1.1 decoder on every connection. */
@Configuration(proxyBeanMethods = false)
public class EarlyRefusalConfiguration {

    static final String HANDLER_NAME = "tokensEarlyRefusals";

    @Bean
    NettyServerCustomizer earlyRefusals(ProblemRenderer renderer) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new EarlyRefusals(renderer));
            }
        });
    }
}

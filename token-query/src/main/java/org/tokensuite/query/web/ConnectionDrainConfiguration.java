package org.tokensuite.query.web;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * {@link ConnectionDrain}, with its counter on every HTTP/1.1 connection: behind the codec and behind
 * {@link EarlyRefusals} (whichever customizer runs first), so a refused request, answered and closed there, is not
 * counted.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionDrainConfiguration {

    @Bean
    ConnectionDrain connectionDrain() {
        return new ConnectionDrain();
    }

    @Bean
    NettyServerCustomizer connectionDrainCounters(ConnectionDrain drain) {
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                String behind = pipeline.get(EarlyRefusalConfiguration.HANDLER_NAME) != null
                        ? EarlyRefusalConfiguration.HANDLER_NAME : NettyPipeline.HttpCodec;
                pipeline.addAfter(behind, "tokensConnectionDrain", drain.counter());
            }
        });
    }
}

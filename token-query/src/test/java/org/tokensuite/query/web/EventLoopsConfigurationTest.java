package org.tokensuite.query.web;

import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.web.reactive.ReactiveWebServerFactoryAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopsConfigurationTest {

    private final ReactiveWebApplicationContextRunner contexts = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveWebServerFactoryAutoConfiguration.class))
            .withUserConfiguration(EventLoopsConfiguration.class);

    @Test
    void theServerRunsOnAsManyLoopsAsConfigured() {
        contexts.withPropertyValues("tokens.http.event-loops=1").run(context -> {
            assertThat(context).hasSingleBean(ReactorResourceFactory.class);
            assertThat(serverLoops(context.getBean(ReactorResourceFactory.class))).isEqualTo(1);
        });
    }

    @Test
    void withoutASettingTheServerHasOneLoopPerAvailableProcessor() {
        contexts.run(context -> assertThat(serverLoops(context.getBean(ReactorResourceFactory.class)))
                .isEqualTo(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void aNegativeCountStopsTheStartWithTheSettingNamed() {
        contexts.withPropertyValues("tokens.http.event-loops=-2").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("TOKENS_HTTP_EVENT_LOOPS").hasMessageContaining("-2"));
    }

    private static int serverLoops(ReactorResourceFactory factory) {
        int loops = 0;
        for (EventExecutor ignored : factory.getLoopResources().onServer(true)) {
            loops++;
        }
        return loops;
    }
}

package org.tokensuite.platform.event;

import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.event.EventSamples;
import org.tokensuite.api.event.TokenIssued;

import static org.assertj.core.api.Assertions.assertThat;

class EventSerializerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventSerializerAutoConfiguration.class))
            .withUserConfiguration(Revisions.class);

    @Test
    void jsonEventsAreWrittenInTheWireFormat() {
        runner.withPropertyValues("axon.serializer.events=jackson").run(context -> {
            Serializer events = context.getBean("eventSerializer", Serializer.class);
            EventSamples.Sample issued = EventSamples.of(TokenIssued.class);
            assertThat(events.serialize(issued.event(), byte[].class).getType().getName()).isEqualTo(issued.type());
        });
    }

    @Test
    void aServiceThatDoesNotConfigureJsonEventsKeepsItsOwnSerializer() {
        runner.run(context -> assertThat(context).doesNotHaveBean("eventSerializer"));
        runner.withPropertyValues("axon.serializer.events=xstream")
                .run(context -> assertThat(context).doesNotHaveBean("eventSerializer"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Revisions {

        @Bean
        RevisionResolver revisionResolver() {
            return new AnnotationRevisionResolver();
        }
    }
}

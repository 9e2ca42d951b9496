package org.tokensuite.platform.event;

import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Every Axon service's event serializer is the {@link EventWireFormat}'s: events are stored, published and
 * read in the one format. Only where Axon is on the classpath and events are configured as JSON
 * ({@code axon.serializer.events: jackson}); before Axon's own auto-configuration, which then leaves its
 * event serializer out. Axon's general and message serializers are untouched.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnClass({AxonAutoConfiguration.class, JacksonSerializer.class})
@ConditionalOnProperty(name = "axon.serializer.events", havingValue = "jackson")
public class EventSerializerAutoConfiguration {

    @Bean
    @Qualifier("eventSerializer")
    @ConditionalOnMissingBean(name = "eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisionResolver) {
        return new EventWireFormat(revisionResolver).serializer();
    }
}

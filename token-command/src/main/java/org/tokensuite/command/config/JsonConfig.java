package org.tokensuite.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Two JSON dialects: HTTP command bodies are strict (an unknown field is a 400, not silently
 * half-understood), while events are written and read in the suite's one wire format, which stays
 * lenient so that events written by an older or newer shape still read: Axon's event serializer here
 * is the platform's {@code org.tokensuite.platform.event.EventWireFormat} (auto-configured by
 * token-platform's {@code EventSerializerAutoConfiguration}), not this service's ObjectMapper, so no
 * setting made here can change what goes into the event store and onto token-events.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    public MappingJackson2HttpMessageConverter strictJsonConverter(Jackson2ObjectMapperBuilder builder) {
        // Boot's builder bean is a prototype: configuring it here does not touch the shared ObjectMapper.
        return new MappingJackson2HttpMessageConverter(builder.failOnUnknownProperties(true)
                .postConfigurer(JsonConfig::refuseEmptyScalars)
                .build());
    }

    /**
     * Jackson reads "" (and blank) as null for times, durations, numbers and booleans, so
     * {@code {"overlap":""}} would silently mean "the default": refuse it instead.
     */
    static void refuseEmptyScalars(ObjectMapper mapper) {
        for (LogicalType type : new LogicalType[] {LogicalType.DateTime, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.OtherScalar, LogicalType.Enum}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(true);
        }
    }
}

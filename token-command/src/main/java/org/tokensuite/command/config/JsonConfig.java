package org.tokensuite.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Two JSON dialects: HTTP command bodies are strict (an unknown field is a 400, not silently
 * half-understood), while the shared ObjectMapper that Axon serialises events with stays lenient,
 * so that events written by an older or newer shape still read.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfig {

    @Bean
    public MappingJackson2HttpMessageConverter strictJsonConverter(Jackson2ObjectMapperBuilder builder) {
        // Boot's builder bean is a prototype: configuring it here does not touch the shared ObjectMapper.
        return new MappingJackson2HttpMessageConverter(builder.failOnUnknownProperties(true).build());
    }
}

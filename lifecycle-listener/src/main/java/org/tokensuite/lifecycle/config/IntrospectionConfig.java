package org.tokensuite.lifecycle.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.auth.IntrospectionClient;

@Configuration(proxyBeanMethods = false)
public class IntrospectionConfig {

    @Bean
    IntrospectionClient introspectionClient(IntrospectionProperties properties) {
        return new IntrospectionClient(properties.introspectionUrl(), properties.timeout());
    }
}

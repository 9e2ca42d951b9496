package org.tokensuite.lifecycle.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.auth.TrustedProxies;

@Configuration(proxyBeanMethods = false)
public class IntrospectionConfig {

    @Bean
    IntrospectionClient introspectionClient(IntrospectionProperties properties) {
        return new IntrospectionClient(properties.introspectionUrl(), properties.timeout());
    }

    @Bean
    TrustedProxies trustedProxies(HttpProperties properties) {
        // a malformed entry stops the start: silently trusting fewer (or more) proxies than meant is worse
        return TrustedProxies.parse(properties.trustedProxies());
    }
}

package org.tokensuite.lifecycle.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.lifecycle.command.CommandClientProperties;
import org.tokensuite.lifecycle.command.PrincipalProperties;
import org.tokensuite.lifecycle.progress.HealthProperties;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CommandClientProperties.class, RetryProperties.class, PrincipalProperties.class,
        HealthProperties.class})
public class PropertiesConfig {
}

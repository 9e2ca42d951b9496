package org.tokensuite.command.config;

import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.platform.openapi.SuiteOpenApi;

/**
 * The OpenAPI document (/v3/api-docs, checked in as docs/openapi/token-command.json): the suite's
 * bearer scheme, problem bodies and a fixed server; title, version and description are in
 * application.yml (springdoc.open-api.info), the operations come from the controllers.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    @Bean
    OpenAPI tokenCommandOpenApi() {
        return SuiteOpenApi.document("http://localhost:8081");
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return SuiteOpenApi.problemResponses();
    }
}

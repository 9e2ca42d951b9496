package org.tokensuite.platform.security;

import org.tokensuite.api.value.Scope;

import java.util.List;

/**
 * Paths every service serves without a token (to GET and HEAD only), and the scope its other actuator
 * endpoints need. Health must answer orchestrators' probes; the API description is public documentation.
 */
public final class PublicPaths {

    /** Health (liveness, readiness) and the OpenAPI description with its UI. */
    public static final List<String> READS = List.of(
            "/actuator/health", "/actuator/health/**",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**");

    /** Every other actuator endpoint (metrics, ...): operators only. */
    public static final String ACTUATOR = "/actuator/**";
    public static final Scope ACTUATOR_SCOPE = Scope.ADMIN;

    private PublicPaths() {
    }
}

package org.tokensuite.api.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** RFC 7662 introspection response; for an inactive token only {@code active:false} is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IntrospectionResult(
        boolean active,
        String scope,
        String sub,
        Long exp,
        Long iat,
        Long nbf,
        String jti,
        @JsonProperty("token_type") String tokenType) {

    public static final IntrospectionResult INACTIVE = new IntrospectionResult(false, null, null, null, null, null, null, null);
}

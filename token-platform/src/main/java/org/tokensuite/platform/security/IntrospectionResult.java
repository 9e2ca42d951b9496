package org.tokensuite.platform.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RFC 7662 introspection response; for an inactive token only {@code active:false} is set.
 * {@code superseded} (an extension member, present only when true) says the presented secret was
 * replaced by a rotation and is valid only until its overlap ends: it verifies, but the suite's
 * services let it change nothing.
 */
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
        @JsonProperty("token_type") String tokenType,
        Boolean superseded) {

    public static final IntrospectionResult INACTIVE = new IntrospectionResult(false, null, null, null, null, null, null, null, null);

    public IntrospectionResult(boolean active, String scope, String sub, Long exp, Long iat, Long nbf, String jti, String tokenType) {
        this(active, scope, sub, exp, iat, nbf, jti, tokenType, null);
    }

    public boolean isSuperseded() {
        return Boolean.TRUE.equals(superseded);
    }
}

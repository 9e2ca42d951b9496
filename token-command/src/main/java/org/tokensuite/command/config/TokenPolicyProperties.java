package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/** {@code tokens.policy.*}: the limits every issued token is held to. */
@ConfigurationProperties("tokens.policy")
public record TokenPolicyProperties(
        @DefaultValue("P90D") Duration maxTtl,
        List<String> knownScopes,
        @DefaultValue("PT5M") Duration defaultRotationOverlap,
        @DefaultValue("PT24H") Duration maxRotationOverlap,
        @DefaultValue("PT1H") Duration minRotationEvery,
        @DefaultValue("PT24H") Duration rotationGrace,
        @DefaultValue("100") int maxAllowedCidrs,
        @DefaultValue("P7D") Duration expiryWarning,
        @DefaultValue("P1D") Duration rotationWarning) {
}

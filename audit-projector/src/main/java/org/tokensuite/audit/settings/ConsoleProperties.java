package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code tokens.console.*}: how long a console session lasts without a request ({@code idle-timeout})
 * and at most ({@code max-age}), and which origins besides the console's own may post its forms
 * (a reverse proxy's public origin; empty: only the origin the request was addressed to).
 */
@ConfigurationProperties("tokens.console")
public record ConsoleProperties(@DefaultValue("PT15M") Duration idleTimeout, @DefaultValue("PT8H") Duration maxAge,
                                @DefaultValue("50") int pageSize, @DefaultValue List<String> allowedOrigins) {

    public ConsoleProperties {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("tokens.console.idle-timeout and max-age must be positive");
        }
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("tokens.console.page-size must be 1..1000");
        }
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}

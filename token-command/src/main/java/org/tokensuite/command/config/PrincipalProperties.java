package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/** {@code tokens.principals.*}: the suite's own owner ids, which no offboarding or leave may touch. */
@ConfigurationProperties("tokens.principals")
public record PrincipalProperties(@DefaultValue({"bootstrap-admin", "lifecycle-listener"}) List<String> reserved) {
}

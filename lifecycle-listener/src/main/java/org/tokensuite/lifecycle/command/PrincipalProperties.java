package org.tokensuite.lifecycle.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.tokensuite.api.value.UserId;

import java.util.List;

/** The owner ids of the suite's own principals ({@code tokens.principals.reserved}); they are not people. */
@ConfigurationProperties("tokens.principals")
public record PrincipalProperties(List<String> reserved) {

    public PrincipalProperties {
        reserved = reserved == null ? List.of() : reserved.stream().map(String::trim).filter(id -> !id.isEmpty()).toList();
        for (String id : reserved) {
            if (!UserId.isValid(id)) {
                // a typo here would silently leave a principal unprotected: refuse to start instead
                throw new IllegalArgumentException("tokens.principals.reserved holds an entry that is not a user id");
            }
        }
    }
}

package org.tokensuite.query.account;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The suite's own principals ({@code tokens.principals.reserved}, the same setting token-command and
 * lifecycle-listener read): built-in service accounts with no sponsor.
 */
@Component
public class BuiltInAccounts {

    private final Set<String> ids;

    public BuiltInAccounts(@Value("${tokens.principals.reserved:bootstrap-admin,lifecycle-listener}") String reserved) {
        this.ids = new TreeSet<>(Arrays.stream(reserved.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    public Set<String> ids() {
        return ids;
    }
}

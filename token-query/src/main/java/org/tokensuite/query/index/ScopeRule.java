package org.tokensuite.query.index;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The suite's scope rule on plain strings: {@code <system>:<action>} in lowercase;
 * {@code tokens:admin} holds every scope, {@code <system>:*} every action of its system.
 * (token-api's {@code Scope} cannot be initialised in the installed version: its ADMIN constant is
 * built before its pattern, so token-query keeps scopes as strings.)
 */
public final class ScopeRule {

    public static final String ADMIN = "tokens:admin";
    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,31}:([a-z][a-z0-9._-]{0,63}|\\*)");

    private ScopeRule() {
    }

    public static boolean isValid(String scope) {
        return scope != null && FORMAT.matcher(scope).matches();
    }

    public static String system(String scope) {
        return scope.substring(0, scope.indexOf(':'));
    }

    public static boolean holds(Collection<String> held, String wanted) {
        if (held.contains(ADMIN) || held.contains(wanted)) {
            return true;
        }
        int colon = wanted.indexOf(':');
        return colon > 0 && held.contains(wanted.substring(0, colon + 1) + "*");
    }
}

package org.tokensuite.audit.access;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The suite's scope rule ({@code Scope.covers} in token-api) on recorded scope strings:
 * {@code tokens:admin} covers everything, {@code <system>:*} covers every action of that system,
 * any other scope only itself. Works on strings because recorded history must stay readable
 * even where today's validation would refuse an old value (and token-api's {@code Scope} class
 * currently fails to initialise; see README).
 */
public final class ScopeCoverage {

    public static final String ADMIN = "tokens:admin";

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,31}:([a-z][a-z0-9._-]{0,63}|\\*)");

    private ScopeCoverage() {
    }

    public static boolean isValid(String scope) {
        return scope != null && FORMAT.matcher(scope).matches();
    }

    public static boolean covers(String held, String wanted) {
        if (held == null || wanted == null) {
            return false;
        }
        if (held.equals(ADMIN) || held.equals(wanted)) {
            return true;
        }
        int colon = held.indexOf(':');
        return colon > 0 && held.substring(colon + 1).equals("*")
                && wanted.startsWith(held.substring(0, colon + 1));
    }

    public static boolean holds(Collection<String> held, String wanted) {
        return held.stream().anyMatch(scope -> covers(scope, wanted));
    }
}

package org.tokensuite.api.value;

// TEMPORARY SHADOW of token-api's Scope, identical except that FORMAT is initialised before ADMIN.
// token-api 0.1.0-SNAPSHOT declares ADMIN first, so Scope's static initialiser throws a
// NullPointerException and Scope (used by every command and event) cannot load at all.
// token-command's classes precede its dependencies on the classpath, so this copy wins.
// Delete this file once token-api's Scope declares FORMAT before ADMIN.

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A permission, {@code <system>:<action>}, lowercase; {@code *} may stand only as the whole
 * action and then covers every action of that system.
 */
public record Scope(String value) implements Comparable<Scope> {

    private static final Pattern FORMAT =
            Pattern.compile("[a-z][a-z0-9-]{0,31}:([a-z][a-z0-9._-]{0,63}|\\*)");

    // Declared after FORMAT: the constructor needs FORMAT during class initialisation.
    public static final Scope ADMIN = new Scope("tokens:admin");

    @JsonCreator
    public Scope {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("scope '" + abbreviate(value)
                    + "' is not <system>:<action> in lowercase ('*' only as the whole action)");
        }
    }

    public static Scope of(String value) {
        return new Scope(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    public String system() {
        return value.substring(0, value.indexOf(':'));
    }

    public String action() {
        return value.substring(value.indexOf(':') + 1);
    }

    public boolean isWildcard() {
        return "*".equals(action());
    }

    /** True when holding this scope is enough for {@code wanted}. */
    public boolean covers(Scope wanted) {
        if (equals(ADMIN) || equals(wanted)) {
            return true;
        }
        return isWildcard() && system().equals(wanted.system());
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(Scope other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

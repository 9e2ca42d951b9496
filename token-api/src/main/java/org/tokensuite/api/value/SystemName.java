package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A system of the scope catalogue: the {@code <system>} part of its scopes {@code <system>:<action>}, with the
 * same rule as {@link Scope}'s system part (lowercase letter, then up to 31 lowercase letters, digits or
 * {@code -}). Its actions follow Scope's action part ({@code [a-z][a-z0-9._-]{0,63}}, or {@code *}: every
 * action of the system).
 */
public record SystemName(String value) implements Comparable<SystemName> {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9._-]{0,63}|\\*");

    /** The suite's own systems: their scopes are built in and they cannot be registered or changed. */
    public static final Set<SystemName> BUILT_IN = Set.of(new SystemName("tokens"), new SystemName("users"),
            new SystemName("audit"));

    @JsonCreator
    public SystemName {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("system name must be a lowercase letter followed by up to 31 lowercase "
                    + "letters, digits or '-'");
        }
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** True when {@code action} may name an action of a system ({@code *} included). */
    public static boolean isValidAction(String action) {
        return action != null && ACTION.matcher(action).matches();
    }

    public boolean isBuiltIn() {
        return BUILT_IN.contains(this);
    }

    /** The scope {@code <this>:<action>}. */
    public Scope scope(String action) {
        return new Scope(value + ":" + action);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(SystemName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum TokenState {
    ACTIVE, SUSPENDED, REVOKED, EXPIRED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TokenState fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Revoked and expired are final: nothing brings such a token back. */
    public boolean isFinal() {
        return this == REVOKED || this == EXPIRED;
    }
}

package org.tokensuite.command.aggregate;

import java.util.Locale;

/** Where a token owner stands with the organisation, as far as issuing tokens is concerned. */
public enum OwnerStanding {
    ACTIVE, ON_LEAVE, OFFBOARDED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OwnerStanding fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

package org.tokensuite.command.aggregate;

import java.util.Locale;

/**
 * Where a token owner stands with the organisation, as far as issuing tokens is concerned. A service account
 * whose sponsor has left is {@code ORPHANED} (its tokens work through the grace period; no new ones).
 */
public enum OwnerStanding {
    ACTIVE, ON_LEAVE, OFFBOARDED, ORPHANED;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OwnerStanding fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

package org.tokensuite.query.usage;

import org.tokensuite.query.verification.Verdict;

/** The {@code reason} of a TokenUseRefused for each verdict of a known token that is not active. */
final class RefusalReasons {

    static final String OUTSIDE_ALLOWED_CIDRS = "outside_allowed_cidrs";

    private RefusalReasons() {
    }

    static String of(Verdict verdict) {
        return switch (verdict) {
            case REVOKED -> "revoked";
            case SUSPENDED -> "suspended";
            case EXPIRED -> "expired";
            case ROTATED_OUT -> "rotated_out";
            case NOT_YET_VALID -> "not_yet_valid";
            case OWNER_OFFBOARDED -> "owner_offboarded";
            case OWNER_ON_LEAVE -> "owner_on_leave";
            case ADDRESS_NOT_ALLOWED -> OUTSIDE_ALLOWED_CIDRS;
            case ACTIVE, MALFORMED, UNKNOWN -> throw new IllegalArgumentException(verdict + " is not a refusal of a known token");
        };
    }
}

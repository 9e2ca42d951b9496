package org.tokensuite.query.verification;

/** Why a presented token is, or is not, active now. Only {@link #ACTIVE} verifies. */
public enum Verdict {
    ACTIVE,
    MALFORMED,
    UNKNOWN,
    REVOKED,
    SUSPENDED,
    EXPIRED,
    NOT_YET_VALID,
    ROTATED_OUT,
    OWNER_OFFBOARDED,
    OWNER_ON_LEAVE,
    ADDRESS_NOT_ALLOWED;

    public boolean isActive() {
        return this == ACTIVE;
    }
}

package org.tokensuite.query.index;

/**
 * One secret that maps to a token: the current one, or the previous one during a rotation's
 * overlap. Holds the rest of the hash so the lookup can be confirmed in constant time.
 */
public final class SecretEntry extends HashKey {

    private final long h2;
    private final long h3;
    private final TokenRecord token;
    /** Epoch second from which this secret no longer verifies; {@link Long#MAX_VALUE} for the current secret. */
    private final long validUntil;

    SecretEntry(long[] hash, TokenRecord token, long validUntil) {
        super(hash[0], hash[1]);
        this.h2 = hash[2];
        this.h3 = hash[3];
        this.token = token;
        this.validUntil = validUntil;
    }

    /** Constant time: no early exit, so timing tells nothing about how much of the hash matched. */
    boolean matches(long a, long b, long c, long d) {
        return ((hi ^ a) | (lo ^ b) | (h2 ^ c) | (h3 ^ d)) == 0L;
    }

    long[] hash() {
        return new long[] {hi, lo, h2, h3};
    }

    public TokenRecord token() {
        return token;
    }

    public long validUntil() {
        return validUntil;
    }

    /** The previous secret of a rotation (only the current secret is valid without limit). */
    public boolean isSuperseded() {
        return validUntil != Long.MAX_VALUE;
    }

    SecretEntry withValidUntil(long until) {
        return new SecretEntry(hash(), token, until);
    }
}

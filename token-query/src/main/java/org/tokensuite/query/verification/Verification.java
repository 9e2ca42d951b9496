package org.tokensuite.query.verification;

import org.tokensuite.query.index.TokenRecord;

/**
 * The outcome of verifying one presented token: the verdict and, when the secret is known, its
 * token (also for inactive verdicts, so usage tracking can tell a revoked token's use apart).
 *
 * @param superseded the presented secret is the previous one of a rotation, still inside its overlap:
 *                   it verifies, but the suite lets it change nothing
 */
public record Verification(Verdict verdict, TokenRecord token, boolean superseded) {

    static final Verification MALFORMED = new Verification(Verdict.MALFORMED, null, false);
    static final Verification UNKNOWN = new Verification(Verdict.UNKNOWN, null, false);

    public Verification(Verdict verdict, TokenRecord token) {
        this(verdict, token, false);
    }

    public boolean isActive() {
        return verdict.isActive();
    }
}

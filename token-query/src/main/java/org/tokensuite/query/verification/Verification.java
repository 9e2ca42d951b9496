package org.tokensuite.query.verification;

import org.tokensuite.query.index.TokenRecord;

/**
 * The outcome of verifying one presented token: the verdict and, when the secret is known, its
 * token (also for inactive verdicts, so usage tracking can tell a revoked token's use apart).
 */
public record Verification(Verdict verdict, TokenRecord token) {

    static final Verification MALFORMED = new Verification(Verdict.MALFORMED, null);
    static final Verification UNKNOWN = new Verification(Verdict.UNKNOWN, null);

    public boolean isActive() {
        return verdict.isActive();
    }
}

package org.tokensuite.command.web;

import java.time.Instant;

/** Bodies of {@code POST /v1/revocations}. Unknown fields are refused (400), as everywhere. */
public final class RevocationRequests {

    private RevocationRequests() {
    }

    /**
     * {@code dryRun} is required (no default that could revoke by surprise); an execution ({@code dryRun: false})
     * also needs {@code expectedCount}, the dry run's count, and may give {@code expectedFingerprint}.
     */
    public record SelectorRevocation(TokenSelector selector, Boolean dryRun, Integer expectedCount, String expectedFingerprint, String reason) {
    }

    /** Every given field must hold (AND); at least one is required. Patterns: {@code *} and {@code ?}. */
    public record TokenSelector(String owner, String scope, String issuedBy, Instant issuedBefore, Instant issuedAfter,
                           Instant notUsedSince, String state, String name) {
    }
}

package org.tokensuite.query.account;

import java.time.Instant;

/**
 * A service account as the view knows it: its sponsor and standing ({@code sponsored}, {@code orphaned} until
 * {@code graceEndsAt}, {@code sponsor_lost}), how many of its tokens work now, and when one was last used.
 * Built-in accounts (the suite's own principals) have no sponsor.
 */
public record ServiceAccountSummary(String accountId, String description, String team, String sponsor, String status,
                                    Instant graceEndsAt, boolean builtIn, int activeTokens, Instant lastUsedAt,
                                    Instant registeredAt) {
}

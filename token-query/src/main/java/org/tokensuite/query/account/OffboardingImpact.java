package org.tokensuite.query.account;

import java.util.List;

/**
 * What offboarding a person would do now: revoke their own working tokens ({@code tokensRevoked}), and orphan
 * the service accounts they sponsor ({@code serviceAccountsOrphaned}), whose {@code tokensSuspendedAfterGrace}
 * tokens stop working when the grace period ends without a new sponsor.
 */
public record OffboardingImpact(String userId, List<String> tokensRevoked, List<ServiceAccountSummary> serviceAccountsOrphaned,
                                int tokensSuspendedAfterGrace) {
}

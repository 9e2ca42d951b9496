package org.tokensuite.query.account;

import java.util.List;

/** A person and the service accounts they are accountable for: the blast radius of their leaving. */
public record SponsorSummary(String sponsor, int serviceAccounts, List<String> accountIds) {
}

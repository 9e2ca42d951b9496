package org.tokensuite.query.signal;

import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.Map;

/**
 * One rule's finding about one token, before the cool-down decides whether it is published.
 *
 * @param rule             the rule's name ({@code TokenAnomalyDetected.rule})
 * @param evidence         what the rule saw (never a secret)
 * @param suspendRequested the rule's configured {@code suspend}
 */
public record Anomaly(TokenRecord token, String rule, Map<String, String> evidence, boolean suspendRequested,
                      Instant at) {
}

package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.Map;

/**
 * Use of a token that deserves investigation ({@code rule}: new_network, rate_spike,
 * dormant_reuse, outside_allowed_cidrs), with the evidence. When {@code suspendRequested} the
 * rule is configured to suspend the token, and token-command does so. Published on
 * {@code token-signals} by token-query.
 */
@Revision("1")
public record TokenAnomalyDetected(
        TokenId tokenId,
        UserId ownerId,
        String rule,
        Map<String, String> evidence,
        boolean suspendRequested,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {
}

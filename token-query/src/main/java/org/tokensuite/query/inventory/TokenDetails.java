package org.tokensuite.query.inventory;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code GET /v1/tokens/{id}}: the shared {@link TokenSummary} fields (lastUsedAt included) plus
 * uses in the last 24 hours, counted by every instance (to the minute).
 */
public record TokenDetails(@JsonUnwrapped TokenSummary summary, long usesLast24h) {
}

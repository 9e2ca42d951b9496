package org.tokensuite.query.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A system of the scope catalogue: its actions (action → what it allows) and the actions it retired, each
 * with the tokens that still hold it (active or suspended, the exact scope {@code <system>:<action>}) and
 * should be re-scoped.
 */
public record CatalogueSystem(String system, String description, Map<String, String> actions,
                              List<RetiredAction> retiredActions, Instant registeredAt, Instant changedAt) {

    /** {@code truncated}: more tokens hold it than the answer lists ({@code holderCount} says how many). */
    public record RetiredAction(String action, String scope, int holderCount, boolean truncated, List<Holder> tokens) {
    }

    public record Holder(String tokenId, String ownerId, String name, String state) {
    }

    public record Systems(List<CatalogueSystem> systems) {
    }
}

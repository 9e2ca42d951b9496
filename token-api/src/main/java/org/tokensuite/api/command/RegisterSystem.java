package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.SystemName;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Registers a system of the scope catalogue, or changes it: {@code actions} (action → what it allows) is the
 * whole new definition. An action of the current definition missing here is retired.
 */
public record RegisterSystem(
        SystemName system,
        String description,
        SortedMap<String, String> actions,
        Actor actor,
        Cause cause) {

    public static final int MAX_DESCRIPTION_LENGTH = 500;
    public static final int MAX_ACTIONS = 100;

    public RegisterSystem {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(cause, "cause");
        requireText("description", description);
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("actions: a system needs at least one action");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("actions: a system may have at most " + MAX_ACTIONS + " actions");
        }
        for (Map.Entry<String, String> action : actions.entrySet()) {
            if (!SystemName.isValidAction(action.getKey())) {
                throw new IllegalArgumentException("actions: an action name must be a lowercase letter followed by up to 63 "
                        + "lowercase letters, digits, '.', '_' or '-' (or '*': every action)");
            }
            requireText("actions." + action.getKey(), action.getValue());
        }
        actions = new TreeMap<>(actions);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        FreeText.require(field, value, MAX_DESCRIPTION_LENGTH);
    }

    /**
     * The aggregate's id in the event store: prefixed, so a system never shares a stream with an owner of the same
     * name (the store keys streams by id alone).
     */
    @TargetAggregateIdentifier
    public String aggregateId() {
        return AGGREGATE_PREFIX + system.value();
    }

    public static final String AGGREGATE_PREFIX = "scope-system:";
}

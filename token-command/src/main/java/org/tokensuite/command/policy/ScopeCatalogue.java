package org.tokensuite.command.policy;

import org.tokensuite.api.value.SystemName;

import java.util.Map;
import java.util.Set;

/**
 * The registered systems of the scope catalogue, as the event store has recorded them. An implementation
 * used inside a command's transaction holds what it answered steady until that transaction ends (a change
 * of one of these systems waits for it), so a grant and a retirement never cross.
 */
@FunctionalInterface
public interface ScopeCatalogue {

    /** The registered systems among {@code systems}; an unregistered one is absent. */
    Map<SystemName, SystemActions> systems(Set<SystemName> systems);

    /**
     * A registered system's actions: those that may be granted ({@code *}: every action not retired) and
     * those it retired.
     */
    record SystemActions(Set<String> actions, Set<String> retired) {

        public SystemActions {
            actions = Set.copyOf(actions);
            retired = Set.copyOf(retired);
        }
    }
}

package org.tokensuite.command.policy;

import org.tokensuite.api.value.SystemName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A catalogue in memory, for policy and aggregate tests. */
public final class FixedScopeCatalogue implements ScopeCatalogue {

    private final Map<SystemName, SystemActions> systems = new HashMap<>();

    /** Systems whose every action is known ({@code *}), as {@code system:*} in the old setting. */
    public static FixedScopeCatalogue open(String... systems) {
        FixedScopeCatalogue catalogue = new FixedScopeCatalogue();
        for (String system : systems) {
            catalogue.with(system, List.of("*"), List.of());
        }
        return catalogue;
    }

    public FixedScopeCatalogue with(String system, List<String> actions, List<String> retired) {
        systems.put(new SystemName(system), new SystemActions(Set.copyOf(actions), Set.copyOf(retired)));
        return this;
    }

    @Override
    public Map<SystemName, SystemActions> systems(Set<SystemName> names) {
        Map<SystemName, SystemActions> found = new HashMap<>();
        for (SystemName name : names) {
            if (systems.containsKey(name)) {
                found.put(name, systems.get(name));
            }
        }
        return found;
    }
}

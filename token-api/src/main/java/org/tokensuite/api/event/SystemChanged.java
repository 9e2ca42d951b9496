package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.SystemName;

import java.time.Instant;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * A registered system's new definition, whole: its description, its current {@code actions} (action → what
 * it allows) and every action it has retired and not re-added ({@code retiredActions}). A retired action can
 * no longer be granted; tokens already holding it keep working until they are re-scoped.
 */
@Revision("1")
public record SystemChanged(
        SystemName system,
        String description,
        SortedMap<String, String> actions,
        SortedSet<String> retiredActions,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements SystemEvent {
}

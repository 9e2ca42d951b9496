package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.SystemName;

import java.time.Instant;
import java.util.SortedMap;

/** A system joined the scope catalogue: its scopes {@code <system>:<action>} may be granted from now on. */
@Revision("1")
public record SystemRegistered(
        SystemName system,
        String description,
        SortedMap<String, String> actions,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements SystemEvent {
}

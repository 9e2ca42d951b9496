package org.tokensuite.api.event;

import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * Every event of the suite: whose tokens it concerns (the Kafka key, so each owner's events
 * stay in order), who caused it, why, and when.
 */
public interface TokenEvent {

    UserId ownerId();

    Actor actor();

    Cause cause();

    Instant occurredAt();
}

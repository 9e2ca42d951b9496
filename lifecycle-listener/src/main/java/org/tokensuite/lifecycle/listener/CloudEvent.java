package org.tokensuite.lifecycle.listener;

import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.Optional;

/** The attributes of an HR CloudEvent 1.0 that the listener acts on; {@code data} is not needed. */
public record CloudEvent(String id, String source, String type, UserId subject, Instant time) {

    /** When HR says the event happened; absent when the producer did not say (or said it unreadably). */
    public Optional<Instant> occurredAt() {
        return Optional.ofNullable(time);
    }
}

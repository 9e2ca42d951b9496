package org.tokensuite.audit.access;

import org.springframework.stereotype.Service;
import org.tokensuite.api.value.Scope;
import org.tokensuite.audit.projection.RecordedEvents;

import java.time.Instant;
import java.util.List;

/** Answers "which tokens verified at this instant" by replaying the audit log up to it. */
@Service
public class AccessQuery {

    private final RecordedEvents events;

    public AccessQuery(RecordedEvents events) {
        this.events = events;
    }

    public List<ValidToken> validAt(Instant at, Scope scope, String ownerId) {
        AccessReconstruction reconstruction = new AccessReconstruction(at);
        events.replay(at, ownerId, reconstruction::apply);
        return reconstruction.validTokens(scope, ownerId);
    }
}

package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory owner gate for aggregate tests: standings set by the test, locks recorded. */
class RecordingOwnerGate implements OwnerGate {

    final Map<UserId, OwnerStanding> standings = new HashMap<>();
    final List<UserId> locked = new ArrayList<>();

    @Override
    public OwnerStanding lockOwner(UserId owner) {
        locked.add(owner);
        return standings.getOrDefault(owner, OwnerStanding.ACTIVE);
    }
}

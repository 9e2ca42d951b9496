package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.UserId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Owner kinds for aggregate tests: which ids are service accounts (and their sponsors) and which are HR's people. */
class KnownOwnerKinds implements OwnerKinds {

    final Map<UserId, UserId> sponsors = new HashMap<>();
    final Set<UserId> people = new HashSet<>();

    @Override
    public boolean isServiceAccount(UserId owner) {
        return sponsors.containsKey(owner);
    }

    @Override
    public boolean hasPersonStanding(UserId owner) {
        return people.contains(owner);
    }

    @Override
    public List<UserId> sponsoredBy(UserId sponsor) {
        return sponsors.entrySet().stream().filter(e -> e.getValue().equals(sponsor)).map(Map.Entry::getKey).sorted(
                java.util.Comparator.comparing(UserId::value)).toList();
    }
}

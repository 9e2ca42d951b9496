package org.tokensuite.query.signal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What other instances' flushes and detections left in the database, in memory, for the rules' unit tests. */
class FakeSignalStore extends SignalStore {

    final Map<String, Set<String>> networks = new HashMap<>();
    final Map<String, Instant> lastUsed = new HashMap<>();

    FakeSignalStore() {
        super(null);
    }

    @Override
    Set<String> networks(String tokenId) {
        return new HashSet<>(networks.getOrDefault(tokenId, Set.of()));
    }

    @Override
    boolean addNetwork(String tokenId, String network, Instant at) {
        return networks.computeIfAbsent(tokenId, id -> new HashSet<>()).add(network);
    }

    @Override
    Instant lastUsedAt(String tokenId) {
        return lastUsed.get(tokenId);
    }

    @Override
    boolean claim(String tokenId, String rule, Instant now, Duration coolDown) {
        throw new UnsupportedOperationException("rules do not report");
    }
}

package org.tokensuite.query.signal;

import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

/** Default networks: IPv4 /24, IPv6 /64. */
class NewNetworkRuleTest {

    private static final long NOW = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final long PREVIOUS = NOW - 60_000;

    private final FakeSignalStore store = new FakeSignalStore();
    private final NewNetworkRule rule = new NewNetworkRule(store, properties());
    private final TokenRecord token = record(issued(newTokenId(), newOwner(), newSecret(), "billing:read"));

    private List<Anomaly> useFrom(String source) {
        return rule.judge(new TokenActivity.Use(token, source, PREVIOUS, NOW));
    }

    private void knownNetworks(String... networks) {
        store.networks.put(token.tokenId(), new HashSet<>(Set.of(networks)));
    }

    @Test
    void aUseFromANetworkTheTokenWasNeverUsedFromIsAnAnomaly() {
        knownNetworks("192.0.2.0/24");

        assertThat(useFrom("198.51.100.20")).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.rule()).isEqualTo("new_network");
            assertThat(anomaly.token()).isSameAs(token);
            assertThat(anomaly.suspendRequested()).isFalse();
            assertThat(anomaly.at()).isEqualTo(Instant.ofEpochMilli(NOW));
            assertThat(anomaly.evidence()).containsEntry("network", "198.51.100.0/24")
                    .containsEntry("sourceAddress", "198.51.100.20").containsEntry("knownNetworks", "192.0.2.0/24")
                    .containsEntry("previousUseAt", Instant.ofEpochMilli(PREVIOUS).toString());
        });
        assertThat(store.networks.get(token.tokenId())).contains("198.51.100.0/24");
    }

    @Test
    void anotherAddressOfAKnownNetworkIsNot() {
        knownNetworks("192.0.2.0/24");

        assertThat(useFrom("192.0.2.77")).isEmpty();
        assertThat(rule.judge(new TokenActivity.Use(token, "2001:db8::1", PREVIOUS, NOW))).hasSize(1);
        assertThat(rule.judge(new TokenActivity.Use(token, "2001:db8::2", PREVIOUS, NOW))).isEmpty();
    }

    @Test
    void theFirstUseEverIsNotButItsNetworkIsRemembered() {
        assertThat(useFrom("192.0.2.5")).isEmpty();
        assertThat(store.networks.get(token.tokenId())).containsExactly("192.0.2.0/24");
        assertThat(useFrom("192.0.2.6")).isEmpty();
        assertThat(useFrom("198.51.100.20")).hasSize(1);
    }

    @Test
    void aNetworkAnotherInstanceRecordedFirstIsItsToReport() {
        knownNetworks("192.0.2.0/24");
        useFrom("192.0.2.5"); // known networks are now cached here
        store.networks.get(token.tokenId()).add("198.51.100.0/24");

        assertThat(useFrom("198.51.100.20")).isEmpty();
    }

    @Test
    void anAddressThatIsNoIpLiteralIsNotJudged() {
        knownNetworks("192.0.2.0/24");

        assertThat(useFrom(null)).isEmpty();
        assertThat(useFrom("example.org")).isEmpty();
    }

    @Test
    void aDisabledRuleFindsNothing() {
        NewNetworkRule disabled = new NewNetworkRule(store, properties("tokens.anomaly.new-network.enabled", "false"));
        knownNetworks("192.0.2.0/24");

        assertThat(disabled.judge(new TokenActivity.Use(token, "198.51.100.20", PREVIOUS, NOW))).isEmpty();
        assertThat(disabled.judgesEachUse()).isFalse();
    }
}

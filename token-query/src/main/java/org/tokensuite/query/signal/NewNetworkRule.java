package org.tokensuite.query.signal;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code new_network}: a use from a network (IPv4 /ipv4-prefix, IPv6 /ipv6-prefix) the token was
 * never used from, by any instance ({@code token_networks}); never on its first use ever. Only the
 * instance that records the network first reports it. Judged on the detection thread alone (its
 * cache of known networks is not thread-safe).
 */
@Component
@Order(2)
public class NewNetworkRule implements AnomalyRule {

    public static final String NAME = "new_network";

    /** Tokens whose known networks are cached; beyond this the least recently used are reloaded when needed. */
    private static final int CACHED_TOKENS = 100_000;
    private static final int NETWORKS_PER_TOKEN = 256;

    private final SignalStore store;
    private final TokensProperties.NewNetwork settings;
    private final Map<TokenRecord, Set<String>> networks = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TokenRecord, Set<String>> eldest) {
            return size() > CACHED_TOKENS;
        }
    };

    public NewNetworkRule(SignalStore store, TokensProperties properties) {
        this.store = store;
        this.settings = properties.anomaly().newNetwork();
    }

    @Override
    public boolean judgesEachUse() {
        return settings.enabled();
    }

    @Override
    public List<Anomaly> judge(TokenActivity activity) {
        if (!settings.enabled() || !(activity instanceof TokenActivity.Use use)) {
            return List.of();
        }
        Set<String> known = networks.get(use.token());
        if (known == null) {
            known = store.networks(use.token().tokenId());
            networks.put(use.token(), known);
        }
        String network = Networks.of(use.source(), settings.ipv4Prefix(), settings.ipv6Prefix());
        if (network == null || known.contains(network)) {
            return List.of();
        }
        Instant now = Instant.ofEpochMilli(use.nowMillis());
        boolean firstEver = known.isEmpty();
        Set<String> before = new HashSet<>(known);
        if (known.size() < NETWORKS_PER_TOKEN) {
            known.add(network);
        }
        if (!store.addNetwork(use.token().tokenId(), network, now) || firstEver) {
            return List.of();
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("network", network);
        evidence.put("sourceAddress", use.source());
        evidence.put("knownNetworks", String.join(" ", before.stream().sorted().limit(20).toList()));
        if (use.previousMillis() > 0) {
            evidence.put("previousUseAt", Instant.ofEpochMilli(use.previousMillis()).toString());
        }
        return List.of(new Anomaly(use.token(), NAME, evidence, settings.suspend(), now));
    }
}

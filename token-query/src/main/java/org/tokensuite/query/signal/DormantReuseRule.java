package org.tokensuite.query.signal;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dormant_reuse}: a use at least {@code after} since the token's last use (this instance's,
 * else the last any instance flushed) or, never used, since it was issued.
 */
@Component
@Order(1)
public class DormantReuseRule implements AnomalyRule {

    public static final String NAME = "dormant_reuse";

    private final SignalStore store;
    private final TokensProperties.DormantReuse settings;

    public DormantReuseRule(SignalStore store, TokensProperties properties) {
        this.store = store;
        this.settings = properties.anomaly().dormantReuse();
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
        long after = settings.after().toMillis();
        if (use.previousMillis() > 0 && use.nowMillis() - use.previousMillis() < after) {
            return List.of();
        }
        Instant now = Instant.ofEpochMilli(use.nowMillis());
        Instant lastUse = use.previousMillis() > 0 ? Instant.ofEpochMilli(use.previousMillis())
                : store.lastUsedAt(use.token().tokenId());
        if (lastUse != null && !lastUse.isBefore(now)) {
            return List.of(); // the flush already stored this (or a later) use: the earlier last use is not known any more
        }
        Instant basis = lastUse != null ? lastUse : Instant.ofEpochSecond(use.token().issuedAt());
        Duration idle = Duration.between(basis, now);
        if (idle.toMillis() < after) {
            return List.of();
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(lastUse != null ? "lastUsedAt" : "neverUsedSinceIssuedAt", basis.toString());
        evidence.put("idleFor", idle.withNanos(0).toString());
        evidence.put("threshold", settings.after().toString());
        evidence.put("sourceAddress", String.valueOf(use.source()));
        return List.of(new Anomaly(use.token(), NAME, evidence, settings.suspend(), now));
    }
}

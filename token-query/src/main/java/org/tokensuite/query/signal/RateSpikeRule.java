package org.tokensuite.query.signal;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rate_spike}: uses in one minute above {@code factor} × the token's moving average per
 * minute and above {@code floor}, once this instance has watched the token for {@code min-history}.
 * Judged from each usage window's counts (this instance's share of the traffic).
 */
@Component
@Order(3)
public class RateSpikeRule implements AnomalyRule {

    public static final String NAME = "rate_spike";

    private final TokensProperties.RateSpike settings;

    public RateSpikeRule(TokensProperties properties) {
        this.settings = properties.anomaly().rateSpike();
    }

    @Override
    public List<Anomaly> judge(TokenActivity activity) {
        if (!settings.enabled() || !(activity instanceof TokenActivity.Window window) || window.uses() == 0) {
            return List.of();
        }
        long observed = window.observedPerMinute();
        if (window.watchedMinutes() < settings.minHistory().toMinutes() || observed <= settings.floor()
                || observed <= settings.factor() * window.baselinePerMinute()) {
            return List.of();
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("minute", window.minute().toString());
        evidence.put("observedPerMinute", Long.toString(observed));
        evidence.put("baselinePerMinute", String.format(Locale.ROOT, "%.2f", window.baselinePerMinute()));
        evidence.put("factor", Double.toString(settings.factor()));
        evidence.put("floor", Long.toString(settings.floor()));
        evidence.put("sourceAddress", String.valueOf(window.lastSource()));
        return List.of(new Anomaly(window.token(), NAME, evidence, settings.suspend(), window.at()));
    }
}

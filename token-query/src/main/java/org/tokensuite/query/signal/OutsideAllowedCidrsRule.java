package org.tokensuite.query.signal;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.query.settings.TokensProperties;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code outside_allowed_cidrs}: the token was presented from outside its {@code allowedCidrs}
 * in the window (each such presentation is also a refusal). Judged from each usage window's counts.
 */
@Component
@Order(4)
public class OutsideAllowedCidrsRule implements AnomalyRule {

    public static final String NAME = "outside_allowed_cidrs";

    private final TokensProperties.Rule settings;

    public OutsideAllowedCidrsRule(TokensProperties properties) {
        this.settings = properties.anomaly().outsideAllowedCidrs();
    }

    @Override
    public List<Anomaly> judge(TokenActivity activity) {
        if (!settings.enabled() || !(activity instanceof TokenActivity.Window window) || window.outsideAttempts() == 0) {
            return List.of();
        }
        Cidr[] allowed = window.token().allowedCidrs();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("sourceAddress", String.valueOf(window.outsideSource()));
        evidence.put("allowedCidrs", allowed == null ? ""
                : Arrays.stream(allowed).map(Cidr::value).collect(Collectors.joining(" ")));
        evidence.put("attempts", Long.toString(window.outsideAttempts()));
        return List.of(new Anomaly(window.token(), NAME, evidence, settings.suspend(), window.at()));
    }
}

package org.tokensuite.query.signal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every {@link AnomalyRule} (in their {@code @Order}) over a token's activity: each use the
 * {@link DetectionQueue} hands over, and each token's counts at every usage flush.
 */
@Component
@ConditionalOnProperty(name = "tokens.usage.enabled", havingValue = "true", matchIfMissing = true)
public class AnomalyDetector {

    private final List<AnomalyRule> rules;
    private final boolean judgesEachUse;

    public AnomalyDetector(List<AnomalyRule> rules) {
        this.rules = List.copyOf(rules);
        this.judgesEachUse = rules.stream().anyMatch(AnomalyRule::judgesEachUse);
    }

    /**
     * Hands each anomaly to {@code found} as soon as its rule found it, before the next rule
     * judges (a failure, say of the database, ends the judgement there).
     */
    public void judge(TokenActivity activity, Consumer<Anomaly> found) {
        for (AnomalyRule rule : rules) {
            rule.judge(activity).forEach(found);
        }
    }

    public List<Anomaly> judge(TokenActivity activity) {
        List<Anomaly> found = new ArrayList<>();
        judge(activity, found::add);
        return found;
    }

    /** Whether any rule, as configured, needs to see uses one by one. */
    public boolean judgesEachUse() {
        return judgesEachUse;
    }
}

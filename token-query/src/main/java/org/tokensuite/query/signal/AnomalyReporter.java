package org.tokensuite.query.signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.settings.TokensProperties;

import java.util.List;
import java.util.Map;

/**
 * Turns an {@link Anomaly} into one {@link TokenAnomalyDetected} on the signals topic, at most
 * once per token per rule per cool-down (claimed in the database, so also across instances),
 * with {@code suspendRequested} as configured for the rule. Called off the request thread only.
 */
@Component
public class AnomalyReporter {

    private static final Logger log = LoggerFactory.getLogger(AnomalyReporter.class);

    private final SignalStore store;
    private final SignalPublisher publisher;
    private final TokensProperties properties;

    public AnomalyReporter(SignalStore store, SignalPublisher publisher, TokensProperties properties) {
        this.store = store;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** @return whether an event was published (false: within the rule's cool-down for this token) */
    public boolean report(Anomaly anomaly) {
        String tokenId = anomaly.token().tokenId();
        if (!store.claim(tokenId, anomaly.rule(), anomaly.at(), properties.anomaly().coolDown())) {
            return false;
        }
        publisher.publish(properties.topics().signals(), new TokenAnomalyDetected(
                new TokenId(tokenId), new UserId(anomaly.token().owner().id()), anomaly.rule(),
                Map.copyOf(anomaly.evidence()), anomaly.suspendRequested(), SignalPublisher.ACTOR,
                new Cause("anomaly: " + anomaly.rule(), null), anomaly.at()));
        log.info("anomaly {} on token {} (suspend requested: {})", anomaly.rule(), tokenId, anomaly.suspendRequested());
        return true;
    }

    /** Reports each in turn; the first database failure ends the rest (each would wait a connection timeout). */
    public void reportAll(List<Anomaly> anomalies) {
        for (int i = 0; i < anomalies.size(); i++) {
            try {
                report(anomalies.get(i));
            } catch (DataAccessException e) {
                log.warn("anomaly reports skipped ({} of {}): the database is unavailable: {}",
                        anomalies.size() - i, anomalies.size(), e.toString());
                break;
            } catch (RuntimeException e) {
                log.warn("anomaly report failed: {}", e.toString());
            }
        }
    }
}

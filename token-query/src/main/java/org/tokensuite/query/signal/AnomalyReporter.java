package org.tokensuite.query.signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.TokenAnomalyDetected;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.config.TokensProperties;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.Map;

/**
 * Turns a detected anomaly into one {@link TokenAnomalyDetected} on the signals topic, at most
 * once per token per rule per cool-down (claimed in the database, so also across instances),
 * with {@code suspendRequested} as configured for the rule. Called off the request thread only.
 */
@Component
public class AnomalyReporter {

    public static final String NEW_NETWORK = "new_network";
    public static final String RATE_SPIKE = "rate_spike";
    public static final String DORMANT_REUSE = "dormant_reuse";
    public static final String OUTSIDE_ALLOWED_CIDRS = "outside_allowed_cidrs";

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
    public boolean report(TokenRecord token, String rule, Map<String, String> evidence, Instant now) {
        if (!store.claim(token.tokenId(), rule, now, properties.anomaly().coolDown())) {
            return false;
        }
        boolean suspend = suspends(rule);
        publisher.publish(properties.topics().signals(), new TokenAnomalyDetected(
                new TokenId(token.tokenId()), new UserId(token.owner().id()), rule, Map.copyOf(evidence), suspend,
                SignalPublisher.ACTOR, new Cause("anomaly: " + rule, null), now));
        log.info("anomaly {} on token {} (suspend requested: {})", rule, token.tokenId(), suspend);
        return true;
    }

    private boolean suspends(String rule) {
        TokensProperties.Anomaly anomaly = properties.anomaly();
        return switch (rule) {
            case NEW_NETWORK -> anomaly.newNetwork().suspend();
            case RATE_SPIKE -> anomaly.rateSpike().suspend();
            case DORMANT_REUSE -> anomaly.dormantReuse().suspend();
            case OUTSIDE_ALLOWED_CIDRS -> anomaly.outsideAllowedCidrs().suspend();
            default -> false;
        };
    }
}

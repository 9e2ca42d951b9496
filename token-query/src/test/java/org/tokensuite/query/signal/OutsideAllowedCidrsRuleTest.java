package org.tokensuite.query.signal;

import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

class OutsideAllowedCidrsRuleTest {

    private static final Instant MINUTE = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant AT = MINUTE.plusSeconds(10);

    private final OutsideAllowedCidrsRule rule = new OutsideAllowedCidrsRule(properties());
    private final TokenRecord token = record(issued(newTokenId(), newOwner(), newSecret(), null,
            Instant.now().plus(Duration.ofDays(1)), List.of("10.0.0.0/8", "192.0.2.0/24"), "billing:read"));

    private static TokenActivity.Window outside(TokenRecord token, long attempts, long uses) {
        return new TokenActivity.Window(token, MINUTE, uses, uses, 0, 0, "10.1.2.3", attempts, "192.168.7.7", AT);
    }

    @Test
    void presentationsFromOutsideTheAllowedNetworksAreAnAnomaly() {
        assertThat(rule.judge(outside(token, 3, 0))).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.rule()).isEqualTo("outside_allowed_cidrs");
            assertThat(anomaly.token()).isSameAs(token);
            assertThat(anomaly.at()).isEqualTo(AT);
            assertThat(anomaly.suspendRequested()).isFalse();
            assertThat(anomaly.evidence()).containsEntry("sourceAddress", "192.168.7.7")
                    .containsEntry("allowedCidrs", "10.0.0.0/8 192.0.2.0/24").containsEntry("attempts", "3");
        });
    }

    @Test
    void aWindowOfUsesFromInsideIsNot() {
        assertThat(rule.judge(outside(token, 0, 500))).isEmpty();
        assertThat(rule.judge(new TokenActivity.Use(token, "192.168.7.7", 0, AT.toEpochMilli()))).isEmpty();
    }

    @Test
    void theRuleAsksForSuspensionWhenConfiguredToAndFindsNothingWhenDisabled() {
        OutsideAllowedCidrsRule suspending = new OutsideAllowedCidrsRule(
                properties("tokens.anomaly.outside-allowed-cidrs.suspend", "true"));
        OutsideAllowedCidrsRule disabled = new OutsideAllowedCidrsRule(
                properties("tokens.anomaly.outside-allowed-cidrs.enabled", "false"));

        assertThat(suspending.judge(outside(token, 1, 0))).singleElement()
                .satisfies(anomaly -> assertThat(anomaly.suspendRequested()).isTrue());
        assertThat(disabled.judge(outside(token, 1, 0))).isEmpty();
    }
}

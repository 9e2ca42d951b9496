package org.tokensuite.query.signal;

import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

/** Defaults: factor 10, floor 60, min-history 30 minutes. */
class RateSpikeRuleTest {

    private static final Instant MINUTE = Instant.parse("2026-01-01T12:00:00Z");
    private static final Instant AT = MINUTE.plusSeconds(10);

    private final RateSpikeRule rule = new RateSpikeRule(properties());
    private final TokenRecord token = record(issued(newTokenId(), newOwner(), newSecret(), "billing:read"));

    private List<Anomaly> window(long observed, double baseline, long watchedMinutes) {
        return rule.judge(new TokenActivity.Window(token, MINUTE, observed, observed, baseline, watchedMinutes,
                "192.0.2.5", 0, null, AT));
    }

    @Test
    void aMinuteFarAboveTheTokensBaselineIsASpike() {
        assertThat(window(100, 5, 60)).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.rule()).isEqualTo("rate_spike");
            assertThat(anomaly.token()).isSameAs(token);
            assertThat(anomaly.at()).isEqualTo(AT);
            assertThat(anomaly.suspendRequested()).isFalse();
            assertThat(anomaly.evidence()).containsEntry("minute", "2026-01-01T12:00:00Z")
                    .containsEntry("observedPerMinute", "100").containsEntry("baselinePerMinute", "5.00")
                    .containsEntry("factor", "10.0").containsEntry("floor", "60").containsEntry("sourceAddress", "192.0.2.5");
        });
    }

    @Test
    void aMinuteAtFactorTimesTheBaselineIsNot() {
        assertThat(window(200, 20, 60)).isEmpty();
        assertThat(window(201, 20, 60)).hasSize(1);
    }

    @Test
    void aBusyMinuteAtTheFloorIsNot() {
        assertThat(window(60, 0, 60)).isEmpty();
        assertThat(window(61, 0, 60)).hasSize(1);
    }

    @Test
    void withoutEnoughHistoryNothingIsASpike() {
        assertThat(window(500, 1, 29)).isEmpty();
        assertThat(window(500, 1, 30)).hasSize(1);
    }

    @Test
    void aWindowWithoutUsesIsNotJudged() {
        assertThat(rule.judge(new TokenActivity.Window(token, MINUTE, 0, 500, 1, 60, null, 3, "192.0.2.5", AT))).isEmpty();
        assertThat(rule.judge(new TokenActivity.Use(token, "192.0.2.5", 0, AT.toEpochMilli()))).isEmpty();
    }

    @Test
    void thresholdsAndSuspensionComeFromTheSettings() {
        RateSpikeRule strict = new RateSpikeRule(properties("tokens.anomaly.rate-spike.floor", "20",
                "tokens.anomaly.rate-spike.factor", "2", "tokens.anomaly.rate-spike.min-history", "PT0S",
                "tokens.anomaly.rate-spike.suspend", "true"));
        RateSpikeRule disabled = new RateSpikeRule(properties("tokens.anomaly.rate-spike.enabled", "false"));
        TokenActivity.Window busy = new TokenActivity.Window(token, MINUTE, 25, 25, 10, 0, "192.0.2.5", 0, null, AT);

        assertThat(strict.judge(busy)).singleElement().satisfies(anomaly -> assertThat(anomaly.suspendRequested()).isTrue());
        assertThat(rule.judge(busy)).isEmpty();
        assertThat(disabled.judge(new TokenActivity.Window(token, MINUTE, 100, 100, 5, 60, null, 0, null, AT))).isEmpty();
    }
}

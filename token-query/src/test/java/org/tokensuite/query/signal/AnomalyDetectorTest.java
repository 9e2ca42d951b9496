package org.tokensuite.query.signal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

/** The detector runs every rule over each activity; the queue feeds it uses only when a rule needs them. */
class AnomalyDetectorTest {

    private static final Instant AT = Instant.parse("2026-01-01T12:00:10Z");

    private final TokenRecord token = record(issued(newTokenId(), newOwner(), newSecret(), "billing:read"));

    /** A rule that finds one anomaly in every activity of the kind it judges. */
    private record Always(String name, boolean uses) implements AnomalyRule {
        @Override
        public List<Anomaly> judge(TokenActivity activity) {
            return (activity instanceof TokenActivity.Use) == uses
                    ? List.of(new Anomaly(activity.token(), name, Map.of(), false, AT)) : List.of();
        }

        @Override
        public boolean judgesEachUse() {
            return uses;
        }
    }

    @Test
    void everyRuleJudgesEachActivityInTurn() {
        AnomalyDetector detector = new AnomalyDetector(List.of(new Always("a", false), new Always("b", true),
                new Always("c", false)));

        assertThat(detector.judge(new TokenActivity.Window(token, AT, 1, 1, 0, 0, null, 0, null, AT)))
                .extracting(Anomaly::rule).containsExactly("a", "c");
        assertThat(detector.judge(new TokenActivity.Use(token, "192.0.2.5", 0, AT.toEpochMilli())))
                .extracting(Anomaly::rule).containsExactly("b");
    }

    @Test
    void theConfiguredRulesFindWhatTheyJudge() {
        FakeSignalStore store = new FakeSignalStore();
        AnomalyDetector detector = new AnomalyDetector(List.of(new DormantReuseRule(store, properties()),
                new NewNetworkRule(store, properties()), new RateSpikeRule(properties()),
                new OutsideAllowedCidrsRule(properties())));

        assertThat(detector.judge(new TokenActivity.Window(token, AT, 100, 100, 5, 60, "192.0.2.5", 2, "192.168.7.7", AT)))
                .extracting(Anomaly::rule).containsExactly("rate_spike", "outside_allowed_cidrs");
        assertThat(detector.judgesEachUse()).isTrue();
    }

    @Test
    void usesAreNotQueuedWhenNoRuleJudgesThem() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DetectionQueue none = new DetectionQueue(new AnomalyDetector(List.of(new Always("a", false))), null,
                properties("tokens.usage.detection-queue-capacity", "1"), meters);
        for (int i = 0; i < 3; i++) {
            none.offer(token, "192.0.2.5", 0, AT.toEpochMilli());
        }
        assertThat(meters.counter("tokens.usage.detection.dropped").count()).isZero();

        DetectionQueue some = new DetectionQueue(new AnomalyDetector(List.of(new Always("b", true))), null,
                properties("tokens.usage.detection-queue-capacity", "1"), meters);
        for (int i = 0; i < 3; i++) {
            some.offer(token, "192.0.2.5", 0, AT.toEpochMilli());
        }
        assertThat(meters.counter("tokens.usage.detection.dropped").count()).isEqualTo(2);
    }
}

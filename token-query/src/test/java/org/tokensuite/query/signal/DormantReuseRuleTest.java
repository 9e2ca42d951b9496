package org.tokensuite.query.signal;

import org.junit.jupiter.api.Test;
import org.tokensuite.query.index.TokenRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.at;
import static org.tokensuite.query.support.Events.issued;
import static org.tokensuite.query.support.Events.newOwner;
import static org.tokensuite.query.support.Events.newSecret;
import static org.tokensuite.query.support.Events.newTokenId;
import static org.tokensuite.query.support.TokenRecords.properties;
import static org.tokensuite.query.support.TokenRecords.record;

/** Default threshold: 30 days. */
class DormantReuseRuleTest {

    private final Instant now = Instant.now();
    private final FakeSignalStore store = new FakeSignalStore();
    private final DormantReuseRule rule = new DormantReuseRule(store, properties());

    private static TokenRecord issuedAgo(Duration ago) {
        return record(at(issued(newTokenId(), newOwner(), newSecret(), "billing:read"), Instant.now().minus(ago)));
    }

    private List<Anomaly> use(TokenRecord token, Instant previous) {
        return rule.judge(new TokenActivity.Use(token, "198.51.100.7", previous == null ? 0 : previous.toEpochMilli(),
                now.toEpochMilli()));
    }

    @Test
    void aUseThirtyDaysAfterTheLastIsAnAnomaly() {
        Instant previous = now.minus(Duration.ofDays(30));

        assertThat(use(issuedAgo(Duration.ofDays(90)), previous)).singleElement().satisfies(anomaly -> {
            assertThat(anomaly.rule()).isEqualTo("dormant_reuse");
            assertThat(anomaly.suspendRequested()).isFalse();
            assertThat(anomaly.at()).isEqualTo(Instant.ofEpochMilli(now.toEpochMilli()));
            assertThat(anomaly.evidence()).containsEntry("lastUsedAt", Instant.ofEpochMilli(previous.toEpochMilli()).toString())
                    .containsEntry("idleFor", "PT720H").containsEntry("threshold", "PT720H")
                    .containsEntry("sourceAddress", "198.51.100.7");
        });
    }

    @Test
    void aUseJustUnderThirtyDaysAfterTheLastIsNot() {
        assertThat(use(issuedAgo(Duration.ofDays(90)), now.minus(Duration.ofDays(30)).plusSeconds(1))).isEmpty();
    }

    @Test
    void theFirstUseOfATokenIssuedLongAgoIsAnAnomalyWhenNoInstanceSawAUse() {
        TokenRecord token = issuedAgo(Duration.ofDays(31));

        assertThat(use(token, null)).singleElement().satisfies(anomaly ->
                assertThat(anomaly.evidence()).containsKey("neverUsedSinceIssuedAt").doesNotContainKey("lastUsedAt"));
    }

    @Test
    void theFirstUseHereOfATokenAnotherInstanceSawRecentlyIsNot() {
        TokenRecord token = issuedAgo(Duration.ofDays(31));
        store.lastUsed.put(token.tokenId(), now.minus(Duration.ofDays(2)));

        assertThat(use(token, null)).isEmpty();
    }

    @Test
    void theFirstUseOfAFreshTokenIsNot() {
        assertThat(use(issuedAgo(Duration.ofDays(29)), null)).isEmpty();
    }

    @Test
    void aUseTheFlushAlreadyStoredTellsNothingOfTheOneBefore() {
        TokenRecord token = issuedAgo(Duration.ofDays(31));
        store.lastUsed.put(token.tokenId(), now);

        assertThat(use(token, null)).isEmpty();
    }

    @Test
    void theRuleAsksForSuspensionWhenConfiguredToAndFindsNothingWhenDisabled() {
        TokenRecord token = issuedAgo(Duration.ofDays(31));
        DormantReuseRule suspending = new DormantReuseRule(store, properties("tokens.anomaly.dormant-reuse.suspend", "true"));
        DormantReuseRule disabled = new DormantReuseRule(store, properties("tokens.anomaly.dormant-reuse.enabled", "false"));
        TokenActivity.Use use = new TokenActivity.Use(token, "198.51.100.7", 0, now.toEpochMilli());

        assertThat(suspending.judge(use)).singleElement().satisfies(anomaly -> assertThat(anomaly.suspendRequested()).isTrue());
        assertThat(disabled.judge(use)).isEmpty();
        assertThat(disabled.judgesEachUse()).isFalse();
        assertThat(rule.judgesEachUse()).isTrue();
    }
}

package org.tokensuite.infra.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpRuleTest {

    private static final Duration TEN = Duration.ofSeconds(10);
    private final WarmUpRule rule = new WarmUpRule(Duration.ofSeconds(30), Duration.ofSeconds(300), TEN);

    @Test
    void theShortestWarmUpIsTakenWhateverTheCompilersDo() {
        assertThat(rule.goesOn(Duration.ZERO, Double.NaN)).isTrue();
        assertThat(rule.goesOn(Duration.ofSeconds(20), 0.0)).isTrue();
    }

    @Test
    void afterTheShortestItGoesOnWhileTheCompilersTookMoreThanFivePercentOfTheServersCpu() {
        assertThat(rule.goesOn(Duration.ofSeconds(30), 0.12)).isTrue();
        assertThat(rule.goesOn(Duration.ofSeconds(150), 0.051)).isTrue();
        assertThat(rule.goesOn(Duration.ofSeconds(150), 0.05)).isFalse();
        assertThat(rule.goesOn(Duration.ofSeconds(30), 0.013)).isFalse();
    }

    @Test
    void itStopsAtTheLongestWarmUpWithCompilersStillBusyAndAtTheShortestWhenTheirShareCannotBeRead() {
        assertThat(rule.goesOn(Duration.ofSeconds(300), 0.2)).isFalse();
        assertThat(rule.goesOn(Duration.ofSeconds(30), Double.NaN)).isFalse();
    }

    @Test
    void slicesNeverRunPastTheShortestWhileShortOfItNorPastTheLongest() {
        WarmUpRule odd = new WarmUpRule(Duration.ofSeconds(25), Duration.ofSeconds(42), TEN);

        assertThat(odd.next(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
        assertThat(odd.next(Duration.ofSeconds(25))).isEqualTo(TEN);
        assertThat(odd.next(Duration.ofSeconds(35))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aLongestShorterThanTheShortestMeansJustTheShortest() {
        WarmUpRule fixed = new WarmUpRule(Duration.ofSeconds(30), Duration.ofSeconds(10), TEN);

        assertThat(fixed.most()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fixed.goesOn(Duration.ofSeconds(30), 0.5)).isFalse();
    }
}

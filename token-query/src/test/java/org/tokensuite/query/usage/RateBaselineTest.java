package org.tokensuite.query.usage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateBaselineTest {

    private static final double ALPHA = RateBaseline.alpha(60);

    private static RateBaseline steady(int minutes, long perMinute) {
        RateBaseline rate = new RateBaseline();
        for (int minute = 0; minute < minutes; minute++) {
            rate.add(minute, perMinute, ALPHA);
        }
        return rate;
    }

    @Test
    void aMinuteFarAboveTheMovingAverageIsASpike() {
        RateBaseline rate = steady(60, 5);
        rate.add(60, 100, ALPHA);
        assertThat(rate.isSpike(10, 60, 30)).isTrue();
    }

    @Test
    void aMinuteWithinTheFactorOfTheAverageIsNot() {
        RateBaseline rate = steady(60, 20);
        rate.add(60, 150, ALPHA); // well above the floor, but less than 10 × ~20
        assertThat(rate.isSpike(10, 60, 30)).isFalse();
    }

    @Test
    void aBusyMinuteBelowTheFloorIsNot() {
        RateBaseline rate = steady(60, 0);
        rate.add(60, 50, ALPHA);
        assertThat(rate.isSpike(10, 60, 30)).isFalse();
    }

    @Test
    void withoutEnoughHistoryNothingIsASpike() {
        RateBaseline rate = steady(5, 1);
        rate.add(5, 500, ALPHA);
        assertThat(rate.isSpike(10, 60, 30)).isFalse();
    }

    @Test
    void idleMinutesLowerTheBaseline() {
        RateBaseline rate = steady(60, 50);
        double busy = rate.average();
        rate.add(600, 1, ALPHA); // nine idle hours later
        assertThat(rate.average()).isLessThan(busy / 100);
    }
}

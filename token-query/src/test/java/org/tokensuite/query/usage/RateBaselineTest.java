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
    void aSteadyRateBecomesTheMovingAverage() {
        RateBaseline rate = steady(240, 5);
        rate.add(240, 1, ALPHA);
        assertThat(rate.average()).isBetween(4.9, 5.0);
    }

    @Test
    void usesOfTheCurrentMinuteAddUpAndStayOutOfTheAverageUntilItCloses() {
        RateBaseline rate = steady(60, 5);
        rate.add(60, 100, ALPHA);
        double average = rate.average();
        rate.add(60, 50, ALPHA);
        assertThat(rate.currentCount()).isEqualTo(150);
        assertThat(rate.average()).isEqualTo(average).isLessThan(5);
    }

    @Test
    void idleMinutesLowerTheBaseline() {
        RateBaseline rate = steady(60, 50);
        double busy = rate.average();
        rate.add(600, 1, ALPHA); // nine idle hours later
        assertThat(rate.average()).isLessThan(busy / 100);
    }

    @Test
    void theTokenIsWatchedFromItsFirstMinute() {
        RateBaseline rate = new RateBaseline();
        assertThat(rate.watchedMinutes()).isZero();
        rate.add(100, 1, ALPHA);
        rate.add(130, 1, ALPHA);
        assertThat(rate.watchedMinutes()).isEqualTo(30);
    }
}

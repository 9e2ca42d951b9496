package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrphanGraceTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void theDefaultFortnightEndsFourteenDaysAfterTheOrphaningWithRemindersHalfWayAndOneDayBefore() {
        OrphanGrace grace = new OrphanGrace(Duration.ofDays(14));
        assertThat(grace.endsAt(T0)).isEqualTo(T0.plus(Duration.ofDays(14)));
        assertThat(grace.remindersAfter(T0)).containsExactly(
                new OrphanGrace.Reminder(OrphanGrace.HALF_WAY, T0.plus(Duration.ofDays(7))),
                new OrphanGrace.Reminder(OrphanGrace.ONE_DAY_BEFORE, T0.plus(Duration.ofDays(13))));
    }

    @Test
    void aGracePeriodOfTwoDaysOrLessRemindsOnlyHalfWaySinceOneDayBeforeWouldNotComeLater() {
        assertThat(new OrphanGrace(Duration.ofDays(2)).remindersAfter(T0))
                .containsExactly(new OrphanGrace.Reminder(OrphanGrace.HALF_WAY, T0.plus(Duration.ofDays(1))));
        assertThat(new OrphanGrace(Duration.ofSeconds(10)).remindersAfter(T0))
                .containsExactly(new OrphanGrace.Reminder(OrphanGrace.HALF_WAY, T0.plusSeconds(5)));
    }

    @Test
    void aGracePeriodJustOverTwoDaysRemindsOneDayBeforeAfterHalfWay() {
        OrphanGrace grace = new OrphanGrace(Duration.ofDays(2).plusHours(2));
        assertThat(grace.remindersAfter(T0)).extracting(OrphanGrace.Reminder::stage)
                .containsExactly(OrphanGrace.HALF_WAY, OrphanGrace.ONE_DAY_BEFORE);
    }

    @Test
    void aZeroOrNegativeGracePeriodIsRefusedAtStart() {
        assertThatThrownBy(() -> new OrphanGrace(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrphanGrace(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}

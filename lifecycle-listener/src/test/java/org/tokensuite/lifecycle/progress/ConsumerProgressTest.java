package org.tokensuite.lifecycle.progress;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.event.ListenerContainerPartitionIdleEvent;
import org.tokensuite.lifecycle.command.CommandUnauthorized;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerProgressTest {

    private static final TopicPartition P0 = new TopicPartition("hr.employee-events", 0);
    private static final TopicPartition P1 = new TopicPartition("hr.employee-events", 1);

    private final MovableClock clock = new MovableClock();
    private final ConsumerProgress progress = new ConsumerProgress(new HealthProperties(Duration.ofSeconds(30)), clock);

    @Test
    void aPartitionWithWorkThatHasNotAdvancedForLongerThanTheLimitIsStalledWithItsLastError() {
        progress.delivered(P0, clock.instant().toEpochMilli());
        progress.failed(P0, new CommandUnauthorized(401));
        clock.advance(Duration.ofSeconds(31));

        ConsumerStatus status = progress.observe(Map.of(P0, 1L, P1, 0L), Map.of(P0, 7L, P1, 3L));

        assertThat(status.stalled()).isTrue();
        assertThat(status.stalledPartitions()).containsExactly(0);
        assertThat(status.lagEvents()).isEqualTo(1);
        assertThat(status.lagSeconds()).isEqualTo(31.0);
        assertThat(status.lastFailure().errorClass()).isEqualTo("CommandUnauthorized");
        assertThat(status.lastFailure().reason()).startsWith("token-command answered 401: LIFECYCLE_COMMAND_TOKEN is rejected");
    }

    @Test
    void workWithinTheLimitIsNotAStall() {
        progress.observe(Map.of(P0, 5L), Map.of(P0, 7L));
        clock.advance(Duration.ofSeconds(29));

        assertThat(progress.observe(Map.of(P0, 5L), Map.of(P0, 7L)).stalled()).isFalse();
    }

    @Test
    void aCaughtUpPartitionIsNeverStalledHoweverLongItIsQuiet() {
        progress.observe(Map.of(P0, 0L), Map.of(P0, 7L));
        clock.advance(Duration.ofHours(1));

        ConsumerStatus status = progress.observe(Map.of(P0, 0L), Map.of(P0, 7L));

        assertThat(status.stalled()).isFalse();
        assertThat(status.lagSeconds()).isZero();
    }

    @Test
    void handlingARecordOrACommitElsewhereIsProgress() {
        progress.observe(Map.of(P0, 5L, P1, 5L), Map.of(P0, 7L, P1, 7L));
        clock.advance(Duration.ofSeconds(20));
        progress.advanced(P0);
        progress.observe(Map.of(P0, 4L, P1, 4L), Map.of(P0, 8L, P1, 8L));
        clock.advance(Duration.ofSeconds(20));

        assertThat(progress.observe(Map.of(P0, 4L, P1, 4L), Map.of(P0, 8L, P1, 8L)).stalled()).isFalse();
    }

    @Test
    void anIdlePartitionIsProgressUnlessItsRecordIsFailing() {
        // P0: only a transaction marker is left (lag 1 that the consumer never delivers); P1: a failing record
        progress.observe(Map.of(P0, 1L, P1, 1L), Map.of(P0, 7L, P1, 7L));
        progress.failed(P1, new IllegalStateException("database down"));
        clock.advance(Duration.ofSeconds(31));
        progress.onPartitionIdle(idle(P0));
        progress.onPartitionIdle(idle(P1));

        ConsumerStatus status = progress.observe(Map.of(P0, 1L, P1, 1L), Map.of(P0, 7L, P1, 7L));

        assertThat(status.stalledPartitions()).containsExactly(1);
        assertThat(status.lastFailure().reason()).isEqualTo("database down");
    }

    @Test
    void anErrorMessageShownOnHealthHasNoControlCharactersAndIsBounded() {
        ConsumerFailure failure = ConsumerFailure.of(new IllegalStateException("line one\nline two\u001b[2J" + "x".repeat(500)),
                clock.instant());

        assertThat(failure.reason()).doesNotContain("\n", "\u001b").hasSize(301).startsWith("line one line two");
    }

    private static ListenerContainerPartitionIdleEvent idle(TopicPartition partition) {
        return new ListenerContainerPartitionIdleEvent(new Object(), new Object(), 1000, "hr-events-0", partition, null, false);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

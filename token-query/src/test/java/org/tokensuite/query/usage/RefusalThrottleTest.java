package org.tokensuite.query.usage;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalThrottleTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final long T0 = 1_800_000_000_000L;

    private final RefusalThrottle throttle = new RefusalThrottle();

    @Test
    void theFirstSignalGoesOutAtOnce() {
        assertThat(throttle.admit(T0, MINUTE)).isTrue();
    }

    @Test
    void theNextWaitsForTheWholeInterval() {
        throttle.admit(T0, MINUTE);
        assertThat(throttle.admit(T0 + MINUTE.toMillis() - 1, MINUTE)).isFalse();
        assertThat(throttle.admit(T0 + MINUTE.toMillis(), MINUTE)).isTrue();
    }

    @Test
    void aSignalHeldBackDoesNotPushTheNextOneFurtherOut() {
        throttle.admit(T0, MINUTE);
        throttle.admit(T0 + 30_000, MINUTE);
        assertThat(throttle.admit(T0 + 60_000, MINUTE)).isTrue();
        assertThat(throttle.admit(T0 + 90_000, MINUTE)).isFalse();
    }
}

package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpiryPolicyTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final ExpiryPolicy policy = new ExpiryPolicy(Duration.ofDays(90));

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertThatThrownBy(() -> policy.check(NOW, null, null)).isInstanceOf(TokenRuleViolation.class)
                .hasMessageContaining("ttl or expiresAt");
    }

    @Test
    void exactlyTheMaximumLifetimeIsAllowed() {
        assertThatCode(() -> policy.check(NOW, null, NOW.plus(Duration.ofDays(90)))).doesNotThrowAnyException();
    }

    @Test
    void aSecondBeyondTheMaximumLifetimeIsRefused() {
        assertThatThrownBy(() -> policy.check(NOW, null, NOW.plus(Duration.ofDays(90)).plusSeconds(1)))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("maximum lifetime");
    }

    @Test
    void aTtlTooLargeForAnInstantIsRefusedAsBeyondTheMaximumRatherThanOverflowing() {
        assertThatThrownBy(() -> policy.expiryAfter(NOW, Duration.ofDays(9_999_999_999_999L)))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("maximum lifetime");
        assertThat(policy.expiryAfter(NOW, Duration.ofDays(90))).isEqualTo(NOW.plus(Duration.ofDays(90)));
    }

    @Test
    void anExpiryNotInTheFutureIsRefused() {
        assertThatThrownBy(() -> policy.check(NOW, null, NOW)).isInstanceOf(TokenRuleViolation.class);
    }

    @Test
    void notBeforeMustLieBeforeTheExpiry() {
        Instant expires = NOW.plus(Duration.ofDays(1));
        assertThatThrownBy(() -> policy.check(NOW, expires, expires)).isInstanceOf(TokenRuleViolation.class)
                .hasMessageContaining("notBefore");
        assertThatCode(() -> policy.check(NOW, expires.minusSeconds(1), expires)).doesNotThrowAnyException();
    }

    @Test
    void aLifetimeAboveTheMaximumIsCappedForSystemTokens() {
        assertThat(policy.capped(Duration.ofDays(365))).isEqualTo(Duration.ofDays(90));
        assertThat(policy.capped(Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
    }
}

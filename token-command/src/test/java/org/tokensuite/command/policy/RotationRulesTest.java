package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationRulesTest {

    private final RotationRules rules = new RotationRules(Duration.ofHours(1), Duration.ofDays(90),
            Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(24));

    @Test
    void theRequestedOverlapWinsOverThePolicyAndTheDefault() {
        RotationPolicy policy = new RotationPolicy(Duration.ofDays(1), Duration.ofMinutes(30));
        assertThat(rules.overlapFor(Duration.ofMinutes(1), policy)).isEqualTo(Duration.ofMinutes(1));
        assertThat(rules.overlapFor(null, policy)).isEqualTo(Duration.ofMinutes(30));
        assertThat(rules.overlapFor(null, null)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anOverlapAboveTheBoundIsRefused() {
        assertThatThrownBy(() -> rules.overlapFor(Duration.ofHours(25), null)).isInstanceOf(TokenRuleViolation.class)
                .hasMessageContaining("at most PT24H");
    }

    @Test
    void rotatingMoreOftenThanHourlyIsRefused() {
        assertThatThrownBy(() -> rules.check(new RotationPolicy(Duration.ofMinutes(59), Duration.ZERO)))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("at least PT1H");
    }

    @Test
    void rotatingLessOftenThanTheMaximumLifetimeIsRefused() {
        assertThatThrownBy(() -> rules.check(new RotationPolicy(Duration.ofDays(91), Duration.ZERO)))
                .isInstanceOf(TokenRuleViolation.class);
    }

    @Test
    void theOverlapMustBeShorterThanTheRotationPeriod() {
        assertThatThrownBy(() -> rules.check(new RotationPolicy(Duration.ofHours(2), Duration.ofHours(2))))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("shorter");
        assertThatCode(() -> rules.check(new RotationPolicy(Duration.ofHours(2), Duration.ofHours(1)))).doesNotThrowAnyException();
    }
}

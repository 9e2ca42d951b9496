package org.tokensuite.command.metrics;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import static org.assertj.core.api.Assertions.assertThat;

class CommandMetricsTest {

    @Test
    void aRuleTheTokensStateReachOrAnUnknownAggregateIsARefusalHoweverWrapped() {
        assertThat(CommandMetrics.outcomeOf(new TokenRuleViolation("ttl too long"))).isEqualTo(CommandMetrics.Outcome.REFUSED);
        assertThat(CommandMetrics.outcomeOf(new TokenStateConflict("revoked"))).isEqualTo(CommandMetrics.Outcome.REFUSED);
        assertThat(CommandMetrics.outcomeOf(new TokenAccessDenied("not yours"))).isEqualTo(CommandMetrics.Outcome.REFUSED);
        assertThat(CommandMetrics.outcomeOf(new AggregateNotFoundException("tok_1", "none"))).isEqualTo(CommandMetrics.Outcome.REFUSED);
        assertThat(CommandMetrics.outcomeOf(new CommandExecutionException("wrapped", new TokenStateConflict("revoked"))))
                .isEqualTo(CommandMetrics.Outcome.REFUSED);
    }

    @Test
    void aLostAppendRaceIsAConflictAndAnythingElseAFailure() {
        assertThat(CommandMetrics.outcomeOf(new ConcurrencyException("raced"))).isEqualTo(CommandMetrics.Outcome.CONFLICT);
        assertThat(CommandMetrics.outcomeOf(new IllegalStateException("database gone"))).isEqualTo(CommandMetrics.Outcome.FAILED);
        assertThat(CommandMetrics.outcomeOf(null)).isEqualTo(CommandMetrics.Outcome.FAILED);
    }
}

package org.tokensuite.infra.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SharedCommitsTest {

    private static final String EXPOSITION = """
            # HELP tokens_command_batch commands committed together, per shared commit
            # TYPE tokens_command_batch summary
            tokens_command_batch_count{application="token-command"} 120
            tokens_command_batch_sum{application="token-command"} 480.0
            tokens_command_batch_max{application="token-command"} 12.0
            tokens_command_batch_waiting{application="token-command"} 3.0
            tokens_command_batch_count_other 99
            """;

    @Test
    void theSummarysCountAndSumAreReadAndItsOtherSamplesAndLookAlikesAreNot() {
        SharedCommits.Reading reading = SharedCommits.parse(EXPOSITION);

        assertThat(reading.commits()).isEqualTo(120.0);
        assertThat(reading.commands()).isEqualTo(480.0);
    }

    @Test
    void commandsPerSharedCommitAreThoseOfTheWindowBetweenTwoReadings() {
        SharedCommits.Reading before = new SharedCommits.Reading(100, 300);
        SharedCommits.Reading after = new SharedCommits.Reading(150, 500);

        assertThat(after.commandsPerCommitSince(before)).isCloseTo(4.0, within(1e-9));
        assertThat(after.commandsSince(before)).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void anExpositionWithoutTheSummaryOrAWindowWithoutACommitGivesNoFigure() {
        assertThat(SharedCommits.parse("# nothing here\nhttp_server_requests_seconds_count 5\n")).isEqualTo(SharedCommits.Reading.UNKNOWN);
        SharedCommits.Reading same = new SharedCommits.Reading(10, 40);
        assertThat(same.commandsPerCommitSince(same)).isNaN();
        assertThat(new SharedCommits.Reading(11, 44).commandsPerCommitSince(SharedCommits.Reading.UNKNOWN)).isNaN();
    }
}

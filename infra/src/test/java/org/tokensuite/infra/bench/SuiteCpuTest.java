package org.tokensuite.infra.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SuiteCpuTest {

    @Test
    void eachPartsCpuPerCommandIsWhatItUsedInTheWindowAndTheRestIsWhatNoPartAccountsFor() {
        SuiteCpu.Reading before = reading(100.0, 10.0, 20.0, 5.0);
        SuiteCpu.Reading after = reading(110.0, 12.0, 21.0, 9.0);

        Map<String, Double> perCommand = after.perCommand(before, 2_000);

        assertThat(perCommand.get(SuiteCpu.MACHINE)).isCloseTo(5.0, within(1e-9));
        assertThat(perCommand.get(SuiteCpu.POSTGRES)).isCloseTo(1.0, within(1e-9));
        assertThat(perCommand.get("token-command")).isCloseTo(0.5, within(1e-9));
        assertThat(perCommand.get(SuiteCpu.LOAD)).isCloseTo(2.0, within(1e-9));
        assertThat(perCommand.get(SuiteCpu.REST)).isCloseTo(5.0 - 1.0 - 0.5 - 2.0, within(1e-9));
    }

    @Test
    void thePartsComeLargestFirstAndAPartMissingFromEitherReadingIsLeftOut() {
        SuiteCpu.Reading before = reading(100.0, 10.0, 20.0, 5.0);
        Map<String, Double> after = new LinkedHashMap<>(reading(110.0, 12.0, 21.0, 9.0).seconds());
        after.put(SuiteCpu.KAFKA, 3.0);

        Map<String, Double> perCommand = new SuiteCpu.Reading(after).perCommand(before, 2_000);

        assertThat(List.copyOf(perCommand.keySet())).containsExactly(SuiteCpu.MACHINE, SuiteCpu.LOAD, SuiteCpu.REST,
                SuiteCpu.POSTGRES, "token-command");
    }

    @Test
    void partsThatUsedMoreThanTheMachineReadDoNotMakeTheRestNegative() {
        SuiteCpu.Reading before = reading(100.0, 10.0, 20.0, 5.0);
        SuiteCpu.Reading after = reading(101.0, 12.0, 21.0, 6.0);

        assertThat(after.perCommand(before, 1_000).get(SuiteCpu.REST)).isZero();
    }

    private static SuiteCpu.Reading reading(double machine, double postgres, double command, double load) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("token-command", command);
        seconds.put(SuiteCpu.POSTGRES, postgres);
        seconds.put(SuiteCpu.LOAD, load);
        seconds.put(SuiteCpu.MACHINE, machine);
        return new SuiteCpu.Reading(seconds);
    }
}

package org.tokensuite.platform.freshness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WakeUpsTest {

    @Test
    void aChangeWakesEveryReaderOfItsKeyOnceAndNoOtherKeysReaders() {
        WakeUps wakeUps = new WakeUps();
        List<String> woken = new ArrayList<>();
        wakeUps.onNextChange("tok_a", () -> woken.add("a1"));
        wakeUps.onNextChange("tok_a", () -> woken.add("a2"));
        wakeUps.onNextChange("tok_b", () -> woken.add("b"));

        wakeUps.changed("tok_a");
        wakeUps.changed("tok_a");

        assertThat(woken).containsExactly("a1", "a2");
        wakeUps.changed(Set.of("tok_b", "tok_c"));
        assertThat(woken).containsExactly("a1", "a2", "b");
    }

    @Test
    void aClosedRegistrationIsForgottenAndLeavesTheOthersOfItsKey() {
        WakeUps wakeUps = new WakeUps();
        List<String> woken = new ArrayList<>();
        WakeUps.Registration gone = wakeUps.onNextChange("tok_a", () -> woken.add("gone"));
        wakeUps.onNextChange("tok_a", () -> woken.add("kept"));

        gone.close();
        gone.close();
        wakeUps.changed("tok_a");

        assertThat(woken).containsExactly("kept");
    }
}

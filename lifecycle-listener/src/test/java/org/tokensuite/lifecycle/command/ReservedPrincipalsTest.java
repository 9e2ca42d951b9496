package org.tokensuite.lifecycle.command;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.UserId;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReservedPrincipalsTest {

    private final ReservedPrincipals reserved =
            new ReservedPrincipals(new PrincipalProperties(List.of(" bootstrap-admin", "lifecycle-listener ", "")));

    @Test
    void theSuitesOwnPrincipalsAreReservedWhateverTheirCase() {
        assertThat(reserved.isReserved(new UserId("lifecycle-listener"))).isTrue();
        assertThat(reserved.isReserved(new UserId("BOOTSTRAP-ADMIN"))).isTrue();
        assertThat(reserved.isReserved(new UserId("emp-4711"))).isFalse();
        assertThatThrownBy(() -> reserved.requireNotReserved(new UserId("lifecycle-listener")))
                .isInstanceOf(ReservedPrincipalRefused.class);
    }

    @Test
    void anEntryThatIsNotAUserIdStopsTheStart() {
        assertThatThrownBy(() -> new PrincipalProperties(List.of("lifecycle listener")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

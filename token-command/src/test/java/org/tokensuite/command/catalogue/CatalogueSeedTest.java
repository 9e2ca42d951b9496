package org.tokensuite.command.catalogue;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.SystemName;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueSeedTest {

    @Test
    void eachSystemOutsideTheSuitesOwnIsSeededWithTheActionsNamed() {
        var systems = CatalogueSeed.systems(List.of("tokens:issue", "audit:read", "billing:read", " billing:refund", "deploy:*", ""));
        assertThat(systems.keySet()).containsExactly(new SystemName("billing"), new SystemName("deploy"));
        assertThat(systems.get(new SystemName("billing")).keySet()).containsExactly("read", "refund");
        assertThat(systems.get(new SystemName("deploy")).keySet()).containsExactly("*");
        assertThat(systems.get(new SystemName("billing")).get("read")).isEqualTo("seeded from TOKENS_POLICY_KNOWN_SCOPES");
    }

    @Test
    void nothingIsSeededByDefault() {
        assertThat(CatalogueSeed.systems(List.of())).isEmpty();
    }

    @Test
    void aMalformedSettingStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> CatalogueSeed.systems(List.of("Billing:Read")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TOKENS_POLICY_KNOWN_SCOPES");
    }
}

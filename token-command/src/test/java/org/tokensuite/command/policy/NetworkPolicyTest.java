package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkPolicyTest {

    private final NetworkPolicy policy = new NetworkPolicy(100);

    @Test
    void aHundredNetworksAreAllowed() {
        assertThatCode(() -> policy.check(Collections.nCopies(100, new Cidr("192.168.0.0/16")))).doesNotThrowAnyException();
    }

    @Test
    void aHundredAndOneNetworksAreRefused() {
        assertThatThrownBy(() -> policy.check(Collections.nCopies(101, new Cidr("192.168.0.0/16"))))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("at most 100");
    }

    @Test
    void noRestrictionIsAllowed() {
        assertThatCode(() -> policy.check(List.of())).doesNotThrowAnyException();
        assertThatCode(() -> policy.check(null)).doesNotThrowAnyException();
    }
}

package org.tokensuite.api.value;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    @ParameterizedTest
    @ValueSource(strings = {"billing:read", "deploy:*", "tokens:admin", "ci-runner:artifacts.upload"})
    void wellFormedScopesAreAccepted(String value) {
        assertThat(Scope.of(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "billing", "Billing:read", "billing:Read", "billing:re*", "*:read", "a:b:c",
            " billing:read", "billing:", ":read", "billing:*:x"})
    void malformedScopesAreRefused(String value) {
        assertThatThrownBy(() -> Scope.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wildcardCoversEveryActionOfItsSystemOnly() {
        assertThat(Scope.of("billing:*").covers(Scope.of("billing:write"))).isTrue();
        assertThat(Scope.of("billing:*").covers(Scope.of("deploy:write"))).isFalse();
        assertThat(Scope.of("billing:read").covers(Scope.of("billing:write"))).isFalse();
    }

    @Test
    void adminHoldsEveryScope() {
        assertThat(Scopes.holdsAll(Set.of(Scope.ADMIN), Set.of(Scope.of("audit:read"), Scope.of("x:*")))).isTrue();
    }
}

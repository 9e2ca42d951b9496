package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Scope;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopePolicyTest {

    private final ScopePolicy policy = ScopePolicy.of(List.of("tokens:issue", "tokens:admin", "billing:*", "audit:read"));

    @Test
    void aCatalogueWildcardMakesEveryActionOfThatSystemKnown() {
        assertThat(policy.isKnown(Scope.of("billing:refund"))).isTrue();
        assertThat(policy.isKnown(Scope.of("billing:*"))).isTrue();
    }

    @Test
    void aWildcardRequestIsKnownOnlyWhenTheCatalogueNamesIt() {
        assertThat(policy.isKnown(Scope.of("audit:*"))).isFalse();
        assertThat(policy.isKnown(Scope.of("audit:read"))).isTrue();
    }

    @Test
    void anUnknownScopeIsRefusedNamingIt() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("payroll:read")), Set.of(Scope.ADMIN)))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("payroll:read");
    }

    @Test
    void aCallerMayGrantOnlyWhatItHolds() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("audit:read")), Set.of(Scope.of("tokens:issue"))))
                .isInstanceOf(TokenAccessDenied.class).hasMessageContaining("audit:read");
    }

    @Test
    void aWildcardHolderMayGrantTheWildcardsActions() {
        assertThatCode(() -> policy.checkGrant(Set.of(Scope.of("billing:read"), Scope.of("billing:*")), Set.of(Scope.of("billing:*"))))
                .doesNotThrowAnyException();
    }

    @Test
    void adminHoldsEveryScope() {
        assertThatCode(() -> policy.checkGrant(Set.of(Scope.of("audit:read"), Scope.of("billing:x")), Set.of(Scope.ADMIN)))
                .doesNotThrowAnyException();
    }

    @Test
    void anEmptyScopeSetIsRefused() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(), Set.of(Scope.ADMIN))).isInstanceOf(TokenRuleViolation.class);
    }
}

package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopePolicyTest {

    private static final Set<Scope> ADMIN = Set.of(Scope.ADMIN);

    private final FixedScopeCatalogue catalogue = FixedScopeCatalogue.open("deploy")
            .with("billing", List.of("read", "export"), List.of("refund"));
    private final ScopePolicy policy = new ScopePolicy(catalogue);

    @Test
    void aRegisteredActionIsGranted() {
        assertThatCode(() -> policy.checkGrant(Set.of(Scope.of("billing:read"), Scope.of("billing:export")), ADMIN))
                .doesNotThrowAnyException();
    }

    @Test
    void aRetiredActionIsRefusedNamingTheScope() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("billing:read"), Scope.of("billing:refund")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("retired").hasMessageContaining("billing:refund")
                .hasMessageNotContaining("billing:read");
    }

    @Test
    void anActionTheSystemDoesNotNameIsUnknown() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("billing:delete")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("unknown").hasMessageContaining("billing:delete");
    }

    @Test
    void aScopeOfAnUnregisteredSystemIsUnknown() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("payroll:read")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("payroll:read");
    }

    @Test
    void aSystemWithTheEveryActionEntryKnowsEveryActionAndItsWildcard() {
        assertThatCode(() -> policy.checkGrant(Set.of(Scope.of("deploy:run"), Scope.of("deploy:*")), ADMIN))
                .doesNotThrowAnyException();
    }

    @Test
    void theWildcardOfASystemWithExplicitActionsIsNotGrantable() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("billing:*")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("billing:*");
    }

    @Test
    void aRetiredActionIsRefusedEvenWhereEveryActionIsKnown() {
        ScopePolicy open = new ScopePolicy(FixedScopeCatalogue.open().with("deploy", List.of("*"), List.of("prod")));
        assertThatThrownBy(() -> open.checkGrant(Set.of(Scope.of("deploy:prod")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("retired");
        assertThatCode(() -> open.checkGrant(Set.of(Scope.of("deploy:staging")), ADMIN)).doesNotThrowAnyException();
    }

    @Test
    void theSuitesOwnScopesAreBuiltInAndNeedNoCatalogue() {
        List<Set<SystemName>> asked = new ArrayList<>();
        ScopePolicy builtIn = new ScopePolicy(systems -> {
            asked.add(systems);
            return java.util.Map.of();
        });
        assertThatCode(() -> builtIn.checkGrant(ScopePolicy.BUILT_IN, ADMIN)).doesNotThrowAnyException();
        assertThat(asked).isEmpty();
    }

    @Test
    void aBuiltInSystemKnowsOnlyItsOwnScopes() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("tokens:everything")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("tokens:everything");
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("audit:*")), ADMIN))
                .isInstanceOf(TokenRuleViolation.class).hasMessageContaining("audit:*");
    }

    @Test
    void aCallerMayGrantOnlyWhatItHolds() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(Scope.of("audit:read")), Set.of(Scope.of("tokens:issue"))))
                .isInstanceOf(TokenAccessDenied.class).hasMessageContaining("audit:read");
    }

    @Test
    void aWildcardHolderMayGrantTheWildcardsActions() {
        assertThatCode(() -> policy.checkGrant(Set.of(Scope.of("deploy:run"), Scope.of("deploy:*")), Set.of(Scope.of("deploy:*"))))
                .doesNotThrowAnyException();
    }

    @Test
    void anEmptyScopeSetIsRefused() {
        assertThatThrownBy(() -> policy.checkGrant(Set.of(), ADMIN)).isInstanceOf(TokenRuleViolation.class);
    }

    @Test
    void onlyTheSystemsOutsideTheSuitesOwnNeedTheCatalogue() {
        assertThat(ScopePolicy.cataloguedSystems(Set.of(Scope.of("billing:read"), Scope.of("billing:write"),
                Scope.of("deploy:run"), Scope.of("tokens:issue")))).containsExactlyInAnyOrder(new SystemName("billing"),
                new SystemName("deploy"));
    }

    @Test
    void aRequestRefusedForItsShapeNeedsNoSystem() {
        List<Scope> tooMany = new ArrayList<>();
        for (int i = 0; i <= ScopePolicy.MAX_SCOPES; i++) {
            tooMany.add(Scope.of("billing:action" + i));
        }
        assertThat(ScopePolicy.cataloguedSystems(null)).isEmpty();
        assertThat(ScopePolicy.cataloguedSystems(Set.of())).isEmpty();
        assertThat(ScopePolicy.cataloguedSystems(tooMany)).isEmpty();
    }
}

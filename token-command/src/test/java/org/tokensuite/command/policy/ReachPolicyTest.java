package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.UserId;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReachPolicyTest {

    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private final ReachPolicy reach = new ReachPolicy();

    @Test
    void aTokenOfTheCallersOwnOwnerIdIsInReach() {
        assertThat(reach.reaches(ALICE, Set.of(Scope.of("tokens:issue")), new ReachPolicy.Placement(ALICE, false))).isTrue();
    }

    @Test
    void aTokenOfAnotherOwnerIsOutOfReachUnlessItDescendsFromTheCaller() {
        assertThat(reach.reaches(ALICE, Set.of(Scope.of("tokens:issue"), Scope.of("tokens:revoke")), new ReachPolicy.Placement(BOB, false))).isFalse();
        assertThat(reach.reaches(ALICE, Set.of(Scope.of("tokens:issue")), new ReachPolicy.Placement(BOB, true))).isTrue();
    }

    @Test
    void theAdminReachesEveryToken() {
        assertThat(reach.reaches(ALICE, Set.of(Scope.ADMIN), new ReachPolicy.Placement(BOB, false))).isTrue();
    }

    @Test
    void delegationIsNeededOnlyForAnotherOwner() {
        DelegationPolicy delegation = new DelegationPolicy();
        assertThat(delegation.mayIssueFor(ALICE, Set.of(Scope.of("tokens:issue")), ALICE)).isTrue();
        assertThat(delegation.mayIssueFor(ALICE, Set.of(Scope.of("tokens:issue")), BOB)).isFalse();
        assertThat(delegation.mayIssueFor(ALICE, Set.of(Scope.of("tokens:issue"), DelegationPolicy.DELEGATE), BOB)).isTrue();
        assertThat(delegation.mayIssueFor(ALICE, Set.of(Scope.ADMIN), BOB)).isTrue();
    }

    @Test
    void theSuitesPrincipalsAreReservedAndPeopleAreNot() {
        SuitePrincipals principals = new SuitePrincipals(Set.of(new UserId("lifecycle-listener")));
        assertThat(principals.isReserved(new UserId("lifecycle-listener"))).isTrue();
        assertThat(principals.isReserved(ALICE)).isFalse();
    }
}

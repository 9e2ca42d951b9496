package org.tokensuite.command.aggregate;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokensuite.api.command.EndUserLeave;
import org.tokensuite.api.command.OffboardUser;
import org.tokensuite.api.command.StartUserLeave;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UserAccountTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final UserId BOB = new UserId("emp-1001");
    private static final Actor HR = new Actor("tok_eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "lifecycle-listener");
    private static final Cause LEFT = new Cause("left the company", "hr:evt-1");
    private static final Cause LEAVE = new Cause("parental leave", "hr:evt-2");
    private static final Cause BACK = new Cause("back", "hr:evt-3");

    private AggregateTestFixture<UserAccount> fixture;
    private RecordingOwnerGate owners;
    private KnownOwnerKinds kinds;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserAccount.class);
        owners = new RecordingOwnerGate();
        fixture.registerInjectableResource(owners);
        fixture.registerInjectableResource(TOKENS);
        kinds = new KnownOwnerKinds();
        fixture.registerInjectableResource(kinds);
    }

    /** Bob holds three active tokens, one of them suspended for a leave. */
    private static final OwnerTokens TOKENS = new OwnerTokens() {
        @Override
        public int count(UserId owner, Set<TokenState> states) {
            return states.contains(TokenState.SUSPENDED) ? 3 : 2;
        }

        @Override
        public int countSuspended(UserId owner, SuspensionReason reason) {
            return reason == SuspensionReason.LEAVE ? 1 : 0;
        }
    };

    @Test
    void offboardingAnswersHowManyTokensItAffects() {
        fixture.givenCurrentTime(T0).when(new OffboardUser(BOB, HR, LEFT))
                .expectResultMessagePayload(new UserAccount.Offboarding(3, List.of()));
    }

    @Test
    void aRepeatedOffboardingAffectsNoToken() {
        fixture.given(new UserOffboarded(BOB, HR, LEFT, T0))
                .when(new OffboardUser(BOB, HR, new Cause("again", "req:2")))
                .expectResultMessagePayload(new UserAccount.Offboarding(0, List.of()));
    }

    @Test
    void offboardingASponsorNamesTheServiceAccountsItOrphansInTheEventAndTheAnswer() {
        UserId deployer = new UserId("ci-deployer");
        UserId sync = new UserId("billing-sync");
        kinds.sponsors.put(deployer, BOB);
        kinds.sponsors.put(sync, BOB);
        kinds.sponsors.put(new UserId("other-service"), new UserId("emp-2002"));
        fixture.givenCurrentTime(T0).when(new OffboardUser(BOB, HR, LEFT))
                .expectEvents(new UserOffboarded(BOB, HR, LEFT, T0, List.of(sync, deployer)))
                .expectResultMessagePayload(new UserAccount.Offboarding(3, List.of(sync, deployer)));
    }

    @Test
    void aServiceAccountCannotBeOffboardedPutOnLeaveOrBroughtBackAsAPerson() {
        UserId deployer = new UserId("ci-deployer");
        kinds.sponsors.put(deployer, BOB);
        fixture.when(new OffboardUser(deployer, HR, LEFT))
                .expectException(org.tokensuite.command.rule.TokenStateConflict.class).expectNoEvents();
        fixture.when(new StartUserLeave(deployer, HR, LEAVE))
                .expectException(org.tokensuite.command.rule.TokenStateConflict.class).expectNoEvents();
        fixture.when(new EndUserLeave(deployer, HR, BACK))
                .expectException(org.tokensuite.command.rule.TokenStateConflict.class).expectNoEvents();
    }

    @Test
    void offboardingAnUnknownUserRecordsUserOffboarded() {
        fixture.givenCurrentTime(T0)
                .when(new OffboardUser(BOB, HR, LEFT))
                .expectEvents(new UserOffboarded(BOB, HR, LEFT, T0));
    }

    @Test
    void offboardingTakesTheOwnersLockSoItSerialisesWithIssuing() {
        fixture.givenCurrentTime(T0).when(new OffboardUser(BOB, HR, LEFT)).expectSuccessfulHandlerExecution();
        assertThat(owners.locked).containsExactly(BOB);
    }

    @Test
    void offboardingTwiceIsNotAnErrorAndRecordsNothingMore() {
        fixture.given(new UserOffboarded(BOB, HR, LEFT, T0))
                .when(new OffboardUser(BOB, HR, new Cause("again", "req:2")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void startingALeaveRecordsUserLeaveStarted() {
        fixture.givenCurrentTime(T0)
                .when(new StartUserLeave(BOB, HR, LEAVE))
                .expectEvents(new UserLeaveStarted(BOB, HR, LEAVE, T0));
    }

    @Test
    void endingALeaveRecordsUserLeaveEnded() {
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0))
                .andGivenCurrentTime(T0)
                .when(new EndUserLeave(BOB, HR, BACK))
                .expectEvents(new UserLeaveEnded(BOB, HR, BACK, T0));
    }

    @Test
    void theSameHrEventDeliveredAgainHasNoSecondEffect() {
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0), new UserLeaveEnded(BOB, HR, BACK, T0))
                .when(new StartUserLeave(BOB, HR, LEAVE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewLeaveWithADifferentHrEventIsRecorded() {
        Cause again = new Cause("second leave", "hr:evt-4");
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0), new UserLeaveEnded(BOB, HR, BACK, T0))
                .andGivenCurrentTime(T0)
                .when(new StartUserLeave(BOB, HR, again))
                .expectEvents(new UserLeaveStarted(BOB, HR, again, T0));
    }

    @Test
    void startingALeaveTwiceRecordsNothingMore() {
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0))
                .when(new StartUserLeave(BOB, HR, new Cause("dup", "hr:evt-9")))
                .expectNoEvents();
    }

    @Test
    void aLeaveOfAnOffboardedUserRecordsNothing() {
        fixture.given(new UserOffboarded(BOB, HR, LEFT, T0))
                .when(new StartUserLeave(BOB, HR, LEAVE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anOffboardedUserDoesNotComeBackFromLeave() {
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0), new UserOffboarded(BOB, HR, LEFT, T0))
                .when(new EndUserLeave(BOB, HR, BACK))
                .expectNoEvents();
    }

    @Test
    void endingALeaveThatNeverStartedRecordsNothing() {
        fixture.given(new UserLeaveStarted(BOB, HR, LEAVE, T0), new UserLeaveEnded(BOB, HR, BACK, T0))
                .when(new EndUserLeave(BOB, HR, new Cause("dup", "hr:evt-7")))
                .expectNoEvents();
    }
}

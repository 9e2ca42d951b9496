package org.tokensuite.command.aggregate;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokensuite.api.command.OrphanServiceAccount;
import org.tokensuite.api.command.RegisterServiceAccount;
import org.tokensuite.api.event.ServiceAccountAdopted;
import org.tokensuite.api.event.ServiceAccountChanged;
import org.tokensuite.api.event.ServiceAccountOrphanWarning;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.api.event.ServiceAccountRegistered;
import org.tokensuite.api.event.ServiceAccountSponsorLost;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.OrphanGrace;
import org.tokensuite.command.policy.SuitePrincipals;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

class ServiceAccountTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofDays(14);
    private static final Instant GRACE_ENDS = T0.plus(GRACE);
    private static final UserId DEPLOYER = new UserId("ci-deployer");
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");
    private static final UserId BOOTSTRAP = new UserId("bootstrap-admin");
    private static final Actor ADMIN = new Actor("tok_ffffffffffffffffffffffffffffffff", "admin");
    private static final Actor SPONSORSHIP = SuspensionReason.SPONSORSHIP_ACTOR;
    private static final Cause CAUSE = new Cause("new deploy pipeline", "req:1");
    private static final Cause LEFT = new Cause("sponsor alice offboarded", "hr:evt-1");
    private static final String PURPOSE = "deploys billing";

    private AggregateTestFixture<ServiceAccount> fixture;
    private RecordingOwnerGate owners;
    private KnownOwnerKinds kinds;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ServiceAccount.class);
        owners = new RecordingOwnerGate();
        kinds = new KnownOwnerKinds();
        fixture.registerInjectableResource(owners);
        fixture.registerInjectableResource(kinds);
        fixture.registerInjectableResource(new SuitePrincipals(Set.of(BOOTSTRAP)));
        fixture.registerInjectableResource(new OrphanGrace(GRACE));
    }

    private static RegisterServiceAccount register(UserId sponsor) {
        return new RegisterServiceAccount(DEPLOYER, PURPOSE, sponsor, "platform", ADMIN, CAUSE);
    }

    private static ServiceAccountRegistered registered() {
        return new ServiceAccountRegistered(DEPLOYER, PURPOSE, ALICE, "platform", ADMIN, CAUSE, T0);
    }

    private static ServiceAccountOrphaned orphaned() {
        return new ServiceAccountOrphaned(DEPLOYER, ALICE, GRACE_ENDS, SPONSORSHIP, LEFT, T0);
    }

    private static ServiceAccountOrphanWarning warning(String stage, Instant at, String correlationId) {
        return new ServiceAccountOrphanWarning(DEPLOYER, stage, GRACE_ENDS, SPONSORSHIP, new Cause(
                "no sponsor: its tokens are suspended at " + GRACE_ENDS + " unless a new sponsor is assigned", correlationId), at);
    }

    @Test
    void registeringRecordsTheAccountWithItsSponsorAndTakesBothLocks() {
        fixture.givenCurrentTime(T0)
                .when(register(ALICE))
                .expectEvents(registered())
                .expectResultMessagePayload(new ServiceAccountView("ci-deployer", PURPOSE, "platform", "alice", "sponsored",
                        null, true));
        assertThat(owners.locked).containsExactly(DEPLOYER, ALICE);
    }

    @Test
    void theSameDefinitionAgainChangesNothing() {
        fixture.given(registered()).when(register(ALICE)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void aNewSponsorIsRecordedWithThePreviousOne() {
        fixture.given(registered()).andGivenCurrentTime(T0)
                .when(register(BOB))
                .expectEvents(new ServiceAccountChanged(DEPLOYER, PURPOSE, BOB, "platform", ALICE, ADMIN, CAUSE, T0));
    }

    @Test
    void aSponsorWhoIsOffboardedOrOnLeaveIsRefused() {
        owners.standings.put(ALICE, OwnerStanding.OFFBOARDED);
        owners.standings.put(BOB, OwnerStanding.ON_LEAVE);
        fixture.givenCurrentTime(T0).when(register(ALICE))
                .expectException(TokenStateConflict.class).expectExceptionMessage(containsString("offboarded")).expectNoEvents();
        fixture.givenCurrentTime(T0).when(register(BOB))
                .expectException(TokenStateConflict.class).expectExceptionMessage(containsString("on leave")).expectNoEvents();
    }

    @Test
    void aServiceAccountOrTheSuitesOwnPrincipalCannotSponsor() {
        kinds.sponsors.put(new UserId("billing-sync"), ALICE);
        fixture.when(register(new UserId("billing-sync"))).expectException(TokenRuleViolation.class).expectNoEvents();
        fixture.when(register(BOOTSTRAP)).expectException(TokenRuleViolation.class).expectNoEvents();
        fixture.when(register(DEPLOYER)).expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("itself")).expectNoEvents();
    }

    @Test
    void aPersonHrKnowsCannotBecomeAServiceAccount() {
        kinds.people.add(DEPLOYER);
        fixture.when(register(ALICE)).expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("person")).expectNoEvents();
    }

    @Test
    void theSuitesOwnPrincipalIsABuiltInAccountThatCannotBeRegistered() {
        fixture.when(new RegisterServiceAccount(BOOTSTRAP, PURPOSE, ALICE, null, ADMIN, CAUSE))
                .expectException(TokenStateConflict.class).expectExceptionMessage(containsString("built-in")).expectNoEvents();
    }

    @Test
    void aMissingDescriptionOrControlCharactersAreRefused() {
        fixture.when(new RegisterServiceAccount(DEPLOYER, " ", ALICE, null, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class).expectNoEvents();
        fixture.when(new RegisterServiceAccount(DEPLOYER, "deploys\nbilling", ALICE, null, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class).expectNoEvents();
        fixture.when(new RegisterServiceAccount(DEPLOYER, PURPOSE, null, null, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class).expectNoEvents();
    }

    @Test
    void theSponsorLeavingOrphansTheAccountWarnsAndSchedulesTheRemindersAndTheEnd() {
        fixture.given(registered()).andGivenCurrentTime(T0)
                .when(new OrphanServiceAccount(DEPLOYER, ALICE, SPONSORSHIP, LEFT))
                .expectEvents(orphaned(), warning(ServiceAccountOrphanWarning.START, T0, "hr:evt-1"))
                .expectScheduledDeadline(Duration.ofDays(7),
                        new ServiceAccountDeadlines.OrphanReminder(OrphanGrace.HALF_WAY, GRACE_ENDS))
                .expectScheduledDeadline(Duration.ofDays(13),
                        new ServiceAccountDeadlines.OrphanReminder(OrphanGrace.ONE_DAY_BEFORE, GRACE_ENDS))
                .expectScheduledDeadline(GRACE,
                        new ServiceAccountDeadlines.GraceEnd(GRACE_ENDS));
    }

    @Test
    void theSponsorOffboardedTwiceOrphansOnce() {
        fixture.given(registered(), orphaned())
                .when(new OrphanServiceAccount(DEPLOYER, ALICE, SPONSORSHIP, new Cause("again", "hr:evt-2")))
                .expectSuccessfulHandlerExecution().expectNoEvents().expectNoScheduledDeadlines();
    }

    @Test
    void aFormerSponsorLeavingDoesNotOrphanTheAccount() {
        fixture.given(registered(), new ServiceAccountChanged(DEPLOYER, PURPOSE, BOB, "platform", ALICE, ADMIN, CAUSE, T0))
                .when(new OrphanServiceAccount(DEPLOYER, ALICE, SPONSORSHIP, LEFT))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void remindersComeHalfWayAndOneDayBeforeThenTheSponsorIsLost() {
        fixture.given(registered()).andGivenCurrentTime(T0)
                .andGivenCommands(new OrphanServiceAccount(DEPLOYER, ALICE, SPONSORSHIP, LEFT))
                .whenThenTimeElapses(GRACE)
                .expectEvents(
                        warning(OrphanGrace.HALF_WAY, T0.plus(Duration.ofDays(7)), null),
                        warning(OrphanGrace.ONE_DAY_BEFORE, T0.plus(Duration.ofDays(13)), null),
                        new ServiceAccountSponsorLost(DEPLOYER, ALICE, SPONSORSHIP,
                                new Cause("sponsor_lost: the grace period ended without a new sponsor", null), GRACE_ENDS));
    }

    @Test
    void aNewSponsorBeforeTheEndAdoptsTheAccountAndTheLeftoverDeadlinesDoNothing() {
        fixture.given(registered()).andGivenCurrentTime(T0)
                .andGivenCommands(new OrphanServiceAccount(DEPLOYER, ALICE, SPONSORSHIP, LEFT), register(BOB))
                .whenThenTimeElapses(GRACE.plusDays(1))
                .expectNoEvents();
        fixture.given(registered(), orphaned()).andGivenCurrentTime(T0)
                .when(register(BOB))
                .expectEvents(new ServiceAccountChanged(DEPLOYER, PURPOSE, BOB, "platform", ALICE, ADMIN, CAUSE, T0),
                        new ServiceAccountAdopted(DEPLOYER, BOB, false, ADMIN, CAUSE, T0));
    }

    @Test
    void aNewSponsorAfterTheEndAdoptsTheAccountAndSaysItsTokensWereSuspended() {
        fixture.given(registered(), orphaned(), new ServiceAccountSponsorLost(DEPLOYER, ALICE, SPONSORSHIP, LEFT, GRACE_ENDS))
                .andGivenCurrentTime(GRACE_ENDS)
                .when(register(BOB))
                .expectEvents(new ServiceAccountChanged(DEPLOYER, PURPOSE, BOB, "platform", ALICE, ADMIN, CAUSE, GRACE_ENDS),
                        new ServiceAccountAdopted(DEPLOYER, BOB, true, ADMIN, CAUSE, GRACE_ENDS))
                .expectResultMessagePayload(new ServiceAccountView("ci-deployer", PURPOSE, "platform", "bob", "sponsored",
                        null, false));
    }

    @Test
    void anOrphanCannotChangeItsDescriptionWhileKeepingTheSponsorWhoLeft() {
        owners.standings.put(ALICE, OwnerStanding.OFFBOARDED);
        fixture.given(registered(), orphaned())
                .when(new RegisterServiceAccount(DEPLOYER, "something else", ALICE, "platform", ADMIN, CAUSE))
                .expectException(TokenStateConflict.class).expectNoEvents();
    }
}

package org.tokensuite.command.aggregate;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokensuite.api.command.ChangeTokenScopes;
import org.tokensuite.api.command.ExpireToken;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.command.MarkTokenRotationDue;
import org.tokensuite.api.command.ReinstateToken;
import org.tokensuite.api.command.ReportTokenLeak;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.command.RotateToken;
import org.tokensuite.api.command.SuspendToken;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenExpiryApproaching;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenLeaked;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenRotationDue;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.ExpiryPolicy;
import org.tokensuite.command.policy.ExpiryWarnings;
import org.tokensuite.command.policy.NetworkPolicy;
import org.tokensuite.command.policy.RotationRules;
import org.tokensuite.command.policy.FixedScopeCatalogue;
import org.tokensuite.command.policy.ScopePolicy;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;

class TokenTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant EXPIRES = T0.plus(Duration.ofDays(30));
    private static final TokenId ID = new TokenId("tok_0123456789abcdef0123456789abcdef");
    private static final UserId OWNER = new UserId("alice");
    private static final TokenHash HASH = new TokenHash("a".repeat(64));
    private static final TokenHash NEW_HASH = new TokenHash("b".repeat(64));
    private static final Actor ADMIN = new Actor("tok_ffffffffffffffffffffffffffffffff", "admin");
    private static final Set<Scope> ADMIN_SCOPES = Set.of(Scope.ADMIN);
    private static final Cause CAUSE = new Cause("ticket 42", "req:1");
    private static final Set<Scope> BILLING_READ = Set.of(Scope.of("billing:read"));
    private static final RotationPolicy DAILY = new RotationPolicy(Duration.ofDays(1), Duration.ofMinutes(10));
    private static final Duration EXPIRY_LEAD = Duration.ofDays(7);
    private static final Duration ROTATION_LEAD = Duration.ofHours(2);
    private static final Instant EXPIRY_WARNING = EXPIRES.minus(EXPIRY_LEAD);
    private static final Actor LEAVE = Actor.system("leave");
    private static final Actor ANOMALY = Actor.system("anomaly-response");

    private AggregateTestFixture<Token> fixture;
    private RecordingOwnerGate owners;

    @BeforeEach
    void setUp() {
        owners = new RecordingOwnerGate();
        fixture = fixture(new ExpiryWarnings(EXPIRY_LEAD, ROTATION_LEAD));
    }

    private AggregateTestFixture<Token> fixture(ExpiryWarnings warnings) {
        AggregateTestFixture<Token> fixture = new AggregateTestFixture<>(Token.class);
        fixture.registerInjectableResource(owners);
        fixture.registerInjectableResource(new ExpiryPolicy(Duration.ofDays(90)));
        fixture.registerInjectableResource(new ScopePolicy(FixedScopeCatalogue.open("billing", "deploy")));
        fixture.registerInjectableResource(new RotationRules(Duration.ofHours(1), Duration.ofDays(90),
                Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofHours(24)));
        fixture.registerInjectableResource(new NetworkPolicy(100));
        fixture.registerInjectableResource(warnings);
        return fixture;
    }

    private static IssueToken issue(Set<Scope> scopes, Instant expiresAt, RotationPolicy rotation, Set<Scope> actorScopes) {
        return new IssueToken(ID, OWNER, "ci deploys", scopes, HASH, "hint", null, expiresAt,
                List.of(new Cidr("10.0.0.0/8")), rotation, actorScopes, ADMIN, CAUSE);
    }

    private static IssueToken issue() {
        return issue(BILLING_READ, EXPIRES, null, ADMIN_SCOPES);
    }

    private static TokenIssued issued(RotationPolicy rotation) {
        return new TokenIssued(ID, OWNER, "ci deploys", BILLING_READ, HASH, "hint", null, EXPIRES,
                List.of(new Cidr("10.0.0.0/8")), rotation, ADMIN, CAUSE, T0);
    }

    private static TokenRevoked revoked() {
        return new TokenRevoked(ID, OWNER, ADMIN, CAUSE, T0);
    }

    private static TokenExpiryApproaching expiryApproaching() {
        return new TokenExpiryApproaching(ID, OWNER, TokenExpiryApproaching.EXPIRY, EXPIRES, Actor.system("expiry"),
                new Cause("expiry approaching", null), EXPIRY_WARNING);
    }

    private static TokenExpiryApproaching rotationApproaching(Instant due) {
        return new TokenExpiryApproaching(ID, OWNER, TokenExpiryApproaching.ROTATION, due, Actor.system("rotation"),
                new Cause("rotation approaching", null), due.minus(ROTATION_LEAD));
    }

    private static TokenSuspended suspendedBy(Actor actor, String correlationId) {
        return new TokenSuspended(ID, OWNER, actor, new Cause("held", correlationId), T0);
    }

    private static Map<String, ?> actorScopes(String scopes) {
        return Map.of(CommandMetadata.ACTOR_SCOPES, scopes);
    }

    // --- issue

    @Test
    void issuingRecordsTheTokenWithItsHashScopesAndExpiry() {
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectSuccessfulHandlerExecution()
                .expectEvents(issued(null));
    }

    @Test
    void issuingSchedulesTheExpiryAtExpiresAt() {
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectScheduledDeadline(EXPIRES, new TokenDeadlines.ExpiryReached(EXPIRES));
    }

    @Test
    void issuingWithARotationPolicySchedulesTheFirstRotation() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, EXPIRES, DAILY, ADMIN_SCOPES))
                .expectEvents(issued(DAILY))
                .expectScheduledDeadline(T0.plus(Duration.ofDays(1)), new TokenDeadlines.RotationDue(T0.plus(Duration.ofDays(1))));
    }

    @Test
    void issuingTakesTheOwnersLock() {
        fixture.givenCurrentTime(T0).when(issue()).expectSuccessfulHandlerExecution();
        org.assertj.core.api.Assertions.assertThat(owners.locked).containsExactly(OWNER);
    }

    @Test
    void issuingWithoutAnExpiryIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, null, null, ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("needs an expiry"))
                .expectNoEvents();
    }

    @Test
    void issuingBeyondTheMaximumLifetimeIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, T0.plus(Duration.ofDays(91)), null, ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("maximum lifetime of PT2160H"));
    }

    @Test
    void issuingAnExpiryInThePastIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, T0.minusSeconds(1), null, ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class);
    }

    @Test
    void issuingAnUnknownScopeIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(Set.of(Scope.of("payroll:read")), EXPIRES, null, ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("payroll:read"));
    }

    @Test
    void grantingAScopeTheCallerDoesNotHoldIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(Set.of(Scope.of("deploy:prod")), EXPIRES, null, Set.of(Scope.of("tokens:issue"), Scope.of("billing:*"))))
                .expectException(TokenAccessDenied.class)
                .expectExceptionMessage(containsString("deploy:prod"));
    }

    @Test
    void aCallerHoldingAWildcardMayGrantAnyActionOfThatSystem() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, EXPIRES, null, Set.of(Scope.of("tokens:issue"), Scope.of("billing:*"))))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void issuingWithoutScopesIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(Set.of(), EXPIRES, null, ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class);
    }

    @Test
    void issuingForAnOffboardedUserIsRefused() {
        owners.standings.put(OWNER, OwnerStanding.OFFBOARDED);
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("offboarded"))
                .expectNoEvents();
    }

    @Test
    void issuingForAUserOnLeaveIsRefused() {
        owners.standings.put(OWNER, OwnerStanding.ON_LEAVE);
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("on leave"));
    }

    @Test
    void issuingForAServiceAccountWithoutAnActiveSponsorIsRefused() {
        owners.standings.put(OWNER, OwnerStanding.ORPHANED);
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("no active sponsor"))
                .expectNoEvents();
    }

    @Test
    void notBeforeAtOrAfterTheExpiryIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(new IssueToken(ID, OWNER, "n", BILLING_READ, HASH, "hint", EXPIRES, EXPIRES, List.of(), null,
                        ADMIN_SCOPES, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("notBefore"));
    }

    @Test
    void moreThanAHundredNetworksAreRefused() {
        List<Cidr> cidrs = Collections.nCopies(101, new Cidr("10.0.0.0/8"));
        fixture.givenCurrentTime(T0)
                .when(new IssueToken(ID, OWNER, "n", BILLING_READ, HASH, "hint", null, EXPIRES, cidrs, null,
                        ADMIN_SCOPES, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("at most 100"));
    }

    @Test
    void aRotationPolicyMoreFrequentThanTheMinimumIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(issue(BILLING_READ, EXPIRES, new RotationPolicy(Duration.ofMinutes(5), Duration.ZERO), ADMIN_SCOPES))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("rotation.every"));
    }

    @Test
    void aTokenWithoutANameIsRefused() {
        fixture.givenCurrentTime(T0)
                .when(new IssueToken(ID, OWNER, " ", BILLING_READ, HASH, "hint", null, EXPIRES, List.of(), null,
                        ADMIN_SCOPES, ADMIN, CAUSE))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("name"));
    }

    // --- scopes

    @Test
    void changingScopesReplacesTheWholeSet() {
        Set<Scope> wanted = Set.of(Scope.of("billing:write"), Scope.of("deploy:staging"));
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new ChangeTokenScopes(ID, wanted, ADMIN_SCOPES, ADMIN, CAUSE))
                .expectEvents(new TokenScopesChanged(ID, OWNER, wanted, BILLING_READ, ADMIN, CAUSE, T0));
    }

    @Test
    void changingToTheSameScopesRecordsNothing() {
        fixture.given(issued(null))
                .when(new ChangeTokenScopes(ID, BILLING_READ, ADMIN_SCOPES, ADMIN, CAUSE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void reScopingARevokedTokenIsRefused() {
        fixture.given(issued(null), revoked())
                .when(new ChangeTokenScopes(ID, Set.of(Scope.of("billing:write")), ADMIN_SCOPES, ADMIN, CAUSE))
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("revoked"));
    }

    @Test
    void reScopingAnExpiredTokenIsRefused() {
        fixture.given(issued(null), new TokenExpired(ID, OWNER, Actor.system("expiry"), Cause.of("expired"), EXPIRES))
                .when(new ChangeTokenScopes(ID, Set.of(Scope.of("billing:write")), ADMIN_SCOPES, ADMIN, CAUSE))
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("expired"));
    }

    @Test
    void reScopingATokenBroaderThanTheCallerIsRefused() {
        fixture.given(issued(null))
                .when(new ChangeTokenScopes(ID, Set.of(Scope.of("deploy:staging")),
                        Set.of(Scope.of("tokens:issue"), Scope.of("deploy:*")), ADMIN, CAUSE))
                .expectException(TokenAccessDenied.class);
    }

    @Test
    void grantingAnUnheldScopeByReScopingIsRefused() {
        fixture.given(issued(null))
                .when(new ChangeTokenScopes(ID, Set.of(Scope.of("deploy:prod")),
                        Set.of(Scope.of("tokens:issue"), Scope.of("billing:*")), ADMIN, CAUSE))
                .expectException(TokenAccessDenied.class)
                .expectExceptionMessage(containsString("deploy:prod"));
    }

    // --- rotation

    @Test
    void rotatingReplacesTheSecretAndKeepsTheOldOneForTheDefaultOverlap() {
        Instant now = T0.plus(Duration.ofDays(2));
        fixture.given(issued(null))
                .andGivenCurrentTime(now)
                .when(new RotateToken(ID, NEW_HASH, "new4", null, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectEvents(new TokenRotated(ID, OWNER, NEW_HASH, "new4", HASH, now.plus(Duration.ofMinutes(5)), null, ADMIN, CAUSE, now))
                .expectResultMessagePayload(new RotationResult(ID.value(), EXPIRES, now.plus(Duration.ofMinutes(5)), 1));
    }

    @Test
    void aTokenMayRotateItself() {
        Actor itself = Actor.token(ID, OWNER);
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new RotateToken(ID, NEW_HASH, "new4", Duration.ofMinutes(1), itself, CAUSE))
                .expectEvents(new TokenRotated(ID, OWNER, NEW_HASH, "new4", HASH, T0.plus(Duration.ofMinutes(1)), null, itself, CAUSE, T0));
    }

    @Test
    void rotatingATokenBroaderThanTheCallerIsRefused() {
        fixture.given(issued(null))
                .when(new RotateToken(ID, NEW_HASH, "new4", null, ADMIN, CAUSE), actorScopes("tokens:issue"))
                .expectException(TokenAccessDenied.class)
                .expectNoEvents();
    }

    @Test
    void rotatingARevokedTokenIsRefused() {
        fixture.given(issued(null), revoked())
                .when(new RotateToken(ID, NEW_HASH, "new4", null, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectException(TokenStateConflict.class);
    }

    @Test
    void anOverlapBeyondTheMaximumIsRefused() {
        fixture.given(issued(null))
                .when(new RotateToken(ID, NEW_HASH, "new4", Duration.ofHours(25), ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectException(TokenRuleViolation.class)
                .expectExceptionMessage(containsString("overlap"));
    }

    @Test
    void theOldSecretNeverOutlivesTheTokensExpiry() {
        Instant now = EXPIRES.minus(Duration.ofMinutes(1));
        fixture.given(issued(null))
                .andGivenCurrentTime(now)
                .when(new RotateToken(ID, NEW_HASH, "new4", Duration.ofHours(1), ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectEvents(new TokenRotated(ID, OWNER, NEW_HASH, "new4", HASH, EXPIRES, null, ADMIN, CAUSE, now));
    }

    @Test
    void rotatingATokenWithAPolicyUsesItsOverlapAndSchedulesTheNextRotation() {
        Instant now = T0.plus(Duration.ofHours(20));
        Instant next = now.plus(Duration.ofDays(1));
        fixture.given(issued(DAILY))
                .andGivenCurrentTime(now)
                .when(new RotateToken(ID, NEW_HASH, "new4", null, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectEvents(new TokenRotated(ID, OWNER, NEW_HASH, "new4", HASH, now.plus(Duration.ofMinutes(10)), next, ADMIN, CAUSE, now))
                .expectScheduledDeadline(next, new TokenDeadlines.RotationDue(next));
    }

    // --- revoke, expire, suspend, reinstate

    @Test
    void revokingRecordsTokenRevoked() {
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new RevokeToken(ID, ADMIN, CAUSE))
                .expectEvents(revoked());
    }

    @Test
    void revokingTwiceIsNotAnErrorAndRecordsNothingMore() {
        fixture.given(issued(null), revoked())
                .when(new RevokeToken(ID, ADMIN, CAUSE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void revokingAnswersWithTheRevokedSummary() {
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new RevokeToken(ID, ADMIN, CAUSE))
                .expectResultMessagePayload(new TokenView(ID.value(), OWNER.value(), "ci deploys", List.of("billing:read"),
                        TokenState.REVOKED, "hint", T0, null, EXPIRES, 1));
    }

    @Test
    void expireTokenRecordsTokenExpired() {
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new ExpireToken(ID, Actor.system("ops"), CAUSE))
                .expectEvents(new TokenExpired(ID, OWNER, Actor.system("ops"), CAUSE, T0));
    }

    @Test
    void expiringARevokedTokenRecordsNothing() {
        fixture.given(issued(null), revoked())
                .when(new ExpireToken(ID, Actor.system("ops"), CAUSE))
                .expectNoEvents();
    }

    @Test
    void theTokenExpiresWhenItsExpiryDeadlineFires() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue())
                .whenTimeAdvancesTo(EXPIRES)
                .expectDeadlinesMet(new TokenDeadlines.ExpiryWarning(EXPIRES), new TokenDeadlines.ExpiryReached(EXPIRES))
                .expectEvents(expiryApproaching(), new TokenExpired(ID, OWNER, Actor.system("expiry"), new Cause("expired", null), EXPIRES));
    }

    @Test
    void aRevokedTokenDoesNotExpireAgainWhenItsDeadlineFires() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(), new RevokeToken(ID, ADMIN, CAUSE))
                .whenTimeAdvancesTo(EXPIRES)
                .expectNoEvents();
    }

    @Test
    void suspendingRecordsTokenSuspended() {
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new SuspendToken(ID, Actor.system("leave"), CAUSE))
                .expectEvents(new TokenSuspended(ID, OWNER, Actor.system("leave"), CAUSE, T0));
    }

    @Test
    void suspendingASuspendedTokenRecordsNothing() {
        fixture.given(issued(null), new TokenSuspended(ID, OWNER, Actor.system("leave"), CAUSE, T0))
                .when(new SuspendToken(ID, Actor.system("leave"), CAUSE))
                .expectNoEvents();
    }

    @Test
    void suspendingARevokedTokenRecordsNothing() {
        fixture.given(issued(null), revoked())
                .when(new SuspendToken(ID, Actor.system("leave"), CAUSE))
                .expectNoEvents();
    }

    @Test
    void reinstatingASuspendedTokenRecordsTokenReinstated() {
        fixture.given(issued(null), new TokenSuspended(ID, OWNER, Actor.system("leave"), CAUSE, T0))
                .andGivenCurrentTime(T0)
                .when(new ReinstateToken(ID, Actor.system("leave"), CAUSE))
                .expectEvents(new TokenReinstated(ID, OWNER, Actor.system("leave"), CAUSE, T0));
    }

    @Test
    void reinstatingARevokedTokenRecordsNothing() {
        fixture.given(issued(null), new TokenSuspended(ID, OWNER, Actor.system("leave"), CAUSE, T0), revoked())
                .when(new ReinstateToken(ID, Actor.system("leave"), CAUSE))
                .expectNoEvents();
    }

    // --- rotation schedule

    @Test
    void whenRotationFallsDueTheTokenSaysSoAndSetsADeadline() {
        Instant due = T0.plus(Duration.ofDays(1));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(BILLING_READ, EXPIRES, DAILY, ADMIN_SCOPES))
                .whenTimeAdvancesTo(due)
                .expectEvents(rotationApproaching(due),
                        new TokenRotationDue(ID, OWNER, due, due.plus(Duration.ofHours(24)), Actor.system("rotation"),
                        new Cause("rotation due", null), due))
                .expectScheduledDeadline(due.plus(Duration.ofHours(24)), new TokenDeadlines.RotationOverdue(due));
    }

    @Test
    void aTokenNotRotatedByTheDeadlinePlusGraceExpires() {
        Instant due = T0.plus(Duration.ofDays(1));
        Instant overdue = due.plus(Duration.ofHours(24));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(BILLING_READ, EXPIRES, DAILY, ADMIN_SCOPES))
                .whenTimeAdvancesTo(overdue)
                .expectEvents(rotationApproaching(due),
                        new TokenRotationDue(ID, OWNER, due, overdue, Actor.system("rotation"), new Cause("rotation due", null), due),
                        new TokenExpired(ID, OWNER, Actor.system("rotation"), new Cause("rotation overdue", null), overdue));
    }

    @Test
    void aTokenRotatedInTimeDoesNotExpireAtTheRotationDeadline() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(),
                        new MarkTokenRotationDue(ID, ADMIN, CAUSE),
                        new RotateToken(ID, NEW_HASH, "new4", null, Actor.token(ID, OWNER), CAUSE))
                .whenTimeAdvancesTo(T0.plus(Duration.ofHours(25)))
                .expectNoEvents();
    }

    @Test
    void markingRotationDueByCommandStartsTheGracePeriod() {
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new MarkTokenRotationDue(ID, ADMIN, CAUSE))
                .expectEvents(new TokenRotationDue(ID, OWNER, T0, T0.plus(Duration.ofHours(24)), ADMIN, CAUSE, T0))
                .expectScheduledDeadline(T0.plus(Duration.ofHours(24)), new TokenDeadlines.RotationOverdue(T0));
    }

    // --- expiry warnings

    @Test
    void issuingSchedulesAnExpiryWarningTheLeadTimeBeforeExpiry() {
        fixture.givenCurrentTime(T0)
                .when(issue())
                .expectScheduledDeadline(EXPIRY_WARNING, new TokenDeadlines.ExpiryWarning(EXPIRES));
    }

    @Test
    void theOwnerIsWarnedTheLeadTimeBeforeTheTokenExpires() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue())
                .whenTimeAdvancesTo(EXPIRY_WARNING)
                .expectDeadlinesMet(new TokenDeadlines.ExpiryWarning(EXPIRES))
                .expectEvents(expiryApproaching());
    }

    @Test
    void aTokenExpiringSoonerThanTheLeadTimeGetsNoWarningScheduled() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(BILLING_READ, T0.plus(Duration.ofDays(3)), null, ADMIN_SCOPES))
                .whenTimeAdvancesTo(T0.plus(Duration.ofDays(3)).minusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void aRevokedTokenGetsNoExpiryWarning() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(), new RevokeToken(ID, ADMIN, CAUSE))
                .whenTimeAdvancesTo(EXPIRY_WARNING)
                .expectDeadlinesMet(new TokenDeadlines.ExpiryWarning(EXPIRES))
                .expectNoEvents();
    }

    @Test
    void anExpiryWarningDeadlineFiringTwiceWarnsOnlyOnce() {
        fixture.given(issued(null), expiryApproaching())
                .whenInvoking(ID.value(), token -> token.on(new TokenDeadlines.ExpiryWarning(EXPIRES), EXPIRY_WARNING))
                .expectNoEvents();
    }

    @Test
    void theOwnerIsWarnedTheLeadTimeBeforeRotationFallsDue() {
        Instant due = T0.plus(Duration.ofDays(1));
        fixture.givenCurrentTime(T0)
                .andGivenCommands(issue(BILLING_READ, EXPIRES, DAILY, ADMIN_SCOPES))
                .whenTimeAdvancesTo(due.minus(ROTATION_LEAD))
                .expectDeadlinesMet(new TokenDeadlines.RotationWarning(due))
                .expectEvents(rotationApproaching(due));
    }

    @Test
    void aRotationWarningDeadlineFiringTwiceWarnsOnlyOnce() {
        Instant due = T0.plus(Duration.ofDays(1));
        fixture.given(issued(DAILY), rotationApproaching(due))
                .whenInvoking(ID.value(), token -> token.on(new TokenDeadlines.RotationWarning(due), due.minus(ROTATION_LEAD)))
                .expectNoEvents();
    }

    @Test
    void afterARotationTheOwnerIsWarnedBeforeTheNextDueTime() {
        Instant rotatedAt = T0.plus(Duration.ofHours(12));
        Instant nextDue = rotatedAt.plus(Duration.ofDays(1));
        fixture.given(issued(DAILY))
                .andGivenCurrentTime(rotatedAt)
                .andGivenCommands(new RotateToken(ID, NEW_HASH, "new4", null, Actor.token(ID, OWNER), CAUSE))
                .whenTimeAdvancesTo(nextDue.minus(ROTATION_LEAD))
                .expectDeadlinesMet(new TokenDeadlines.RotationWarning(nextDue))
                .expectEvents(rotationApproaching(nextDue));
    }

    @Test
    void aRotationWarningMadeStaleByARotationDoesNothing() {
        Instant firstDue = T0.plus(Duration.ofDays(1));
        Instant rotatedAt = T0.plus(Duration.ofHours(12));
        fixture.given(issued(DAILY), new TokenRotated(ID, OWNER, NEW_HASH, "new4", HASH, rotatedAt.plus(Duration.ofMinutes(10)),
                        rotatedAt.plus(Duration.ofDays(1)), ADMIN, CAUSE, rotatedAt))
                .whenInvoking(ID.value(), token -> token.on(new TokenDeadlines.RotationWarning(firstDue), firstDue.minus(ROTATION_LEAD)))
                .expectNoEvents();
    }

    @Test
    void aZeroLeadTimeTurnsTheWarningOff() {
        fixture(new ExpiryWarnings(Duration.ZERO, Duration.ZERO)).givenCurrentTime(T0)
                .andGivenCommands(issue(BILLING_READ, EXPIRES, DAILY, ADMIN_SCOPES))
                .whenTimeAdvancesTo(T0.plus(Duration.ofDays(1)).minusSeconds(1))
                .expectNoEvents();
    }

    // --- why a token is suspended

    @Test
    void anAnomalySuspensionIsRecordedWithItsCause() {
        Cause anomaly = new Cause("anomaly: new_network", "anomaly:m-1");
        fixture.given(issued(null))
                .andGivenCurrentTime(T0)
                .when(new SuspendToken(ID, ANOMALY, anomaly))
                .expectEvents(new TokenSuspended(ID, OWNER, ANOMALY, anomaly, T0));
    }

    @Test
    void theSameAnomalySignalTwiceHasNoSecondEffectEvenAfterAReinstatement() {
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"),
                        new TokenReinstated(ID, OWNER, ADMIN, CAUSE, T0))
                .when(new SuspendToken(ID, ANOMALY, new Cause("anomaly: new_network", "anomaly:m-1")))
                .expectNoEvents();
    }

    @Test
    void theEndOfALeaveDoesNotReinstateATokenSuspendedForAnAnomaly() {
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"))
                .when(new ReinstateToken(ID, LEAVE, CAUSE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anAnomalyDuringALeaveHoldsTheTokenBeyondTheLeave() {
        fixture.given(issued(null), suspendedBy(LEAVE, "hr:1"))
                .andGivenCurrentTime(T0)
                .when(new SuspendToken(ID, ANOMALY, new Cause("anomaly: rate_spike", "anomaly:m-2")))
                .expectEvents(new TokenSuspended(ID, OWNER, ANOMALY, new Cause("anomaly: rate_spike", "anomaly:m-2"), T0));
    }

    @Test
    void aTokenHeldForAnomalyDuringALeaveStaysSuspendedWhenTheLeaveEnds() {
        fixture.given(issued(null), suspendedBy(LEAVE, "hr:1"), suspendedBy(ANOMALY, "anomaly:m-2"))
                .when(new ReinstateToken(ID, LEAVE, CAUSE))
                .expectNoEvents();
    }

    @Test
    void anOperatorReinstatesATokenSuspendedForAnAnomaly() {
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"))
                .andGivenCurrentTime(T0)
                .when(new ReinstateToken(ID, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectEvents(new TokenReinstated(ID, OWNER, ADMIN, CAUSE, T0));
    }

    @Test
    void anOperatorSuspensionIsNotUndoneByTheEndOfALeave() {
        fixture.given(issued(null))
                .andGivenCommands(new SuspendToken(ID, ADMIN, CAUSE))
                .when(new ReinstateToken(ID, LEAVE, CAUSE))
                .expectNoEvents();
    }

    @Test
    void reinstatingATokenBroaderThanTheOperatorIsRefused() {
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"))
                .when(new ReinstateToken(ID, ADMIN, CAUSE), actorScopes("tokens:revoke"))
                .expectException(TokenAccessDenied.class)
                .expectNoEvents();
    }

    @Test
    void reinstatingWhileTheOwnerIsOnLeaveIsRefused() {
        owners.standings.put(OWNER, OwnerStanding.ON_LEAVE);
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"))
                .when(new ReinstateToken(ID, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("on leave"));
    }

    @Test
    void aNewSponsorReinstatesOnlyWhatTheLostSponsorSuspended() {
        fixture.given(issued(null), suspendedBy(SuspensionReason.SPONSORSHIP_ACTOR, null))
                .andGivenCurrentTime(T0)
                .when(new ReinstateToken(ID, SuspensionReason.SPONSORSHIP_ACTOR, CAUSE))
                .expectEvents(new TokenReinstated(ID, OWNER, SuspensionReason.SPONSORSHIP_ACTOR, CAUSE, T0));
        fixture.given(issued(null), suspendedBy(LEAVE, "hr:1"))
                .when(new ReinstateToken(ID, SuspensionReason.SPONSORSHIP_ACTOR, CAUSE))
                .expectNoEvents();
        fixture.given(issued(null), suspendedBy(SuspensionReason.SPONSORSHIP_ACTOR, null), suspendedBy(ANOMALY, "anomaly:m-3"))
                .when(new ReinstateToken(ID, SuspensionReason.SPONSORSHIP_ACTOR, CAUSE))
                .expectNoEvents();
    }

    @Test
    void aTokenSuspendedForALostSponsorCannotBeReinstatedByAnOperatorWhileTheAccountIsOrphaned() {
        owners.standings.put(OWNER, OwnerStanding.ORPHANED);
        fixture.given(issued(null), suspendedBy(SuspensionReason.SPONSORSHIP_ACTOR, null))
                .when(new ReinstateToken(ID, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectException(TokenStateConflict.class)
                .expectNoEvents();
    }

    @Test
    void aReportedLeakOfALiveTokenIsRecordedAndRevokesItOnce() {
        Actor scanner = Actor.system("leak-report");
        Cause leak = new Cause("leaked: found in the open", "leak:1");
        fixture.given(issued(null)).andGivenCurrentTime(T0)
                .when(new ReportTokenLeak(ID, false, "tokensuite_api_token", "https://example.org/x", "content", scanner, leak))
                .expectEvents(new TokenLeaked(ID, OWNER, false, "tokensuite_api_token", "https://example.org/x", "content",
                        scanner, leak, T0), new TokenRevoked(ID, OWNER, scanner, leak, T0))
                .expectResultMessagePayload(true);
        fixture.given(issued(null), new TokenLeaked(ID, OWNER, false, "t", "u", "s", scanner, leak, T0),
                        new TokenRevoked(ID, OWNER, scanner, leak, T0))
                .when(new ReportTokenLeak(ID, true, "t", "https://example.org/again", "s", scanner, new Cause("again", "leak:2")))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aLeakOfARevokedTokenIsRecordedWithoutASecondRevocation() {
        Actor scanner = Actor.system("leak-report");
        Cause leak = new Cause("leaked", "leak:3");
        fixture.given(issued(null), revoked()).andGivenCurrentTime(T0)
                .when(new ReportTokenLeak(ID, true, null, null, null, scanner, leak))
                .expectEvents(new TokenLeaked(ID, OWNER, true, null, null, null, scanner, leak, T0));
    }

    @Test
    void anOperatorReinstatingARevokedTokenIsRefused() {
        fixture.given(issued(null), suspendedBy(ANOMALY, "anomaly:m-1"), revoked())
                .when(new ReinstateToken(ID, ADMIN, CAUSE), actorScopes("tokens:admin"))
                .expectException(TokenStateConflict.class)
                .expectExceptionMessage(containsString("revoked"));
    }

    @Test
    void anAnomalySignalLeavesARevokedTokenAlone() {
        fixture.given(issued(null), revoked())
                .when(new SuspendToken(ID, ANOMALY, new Cause("anomaly: new_network", "anomaly:m-3")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}

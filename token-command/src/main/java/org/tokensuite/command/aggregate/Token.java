package org.tokensuite.command.aggregate;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
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
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.ExpiryPolicy;
import org.tokensuite.command.policy.ExpiryWarnings;
import org.tokensuite.command.policy.NetworkPolicy;
import org.tokensuite.command.policy.RotationRules;
import org.tokensuite.command.policy.ScopePolicy;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.axonframework.modelling.command.AggregateLifecycle;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One API token's life. Rules are checked in the command handlers, state changes only in the
 * event sourcing handlers. Times come from {@link GenericEventMessage#clock} so that tests can
 * control them.
 */
@Aggregate
public class Token {

    public static final int MAX_NAME_LENGTH = 200;

    private static final Actor EXPIRY_CLOCK = Actor.system("expiry");
    private static final Actor ROTATION_CLOCK = Actor.system("rotation");

    @AggregateIdentifier
    private TokenId tokenId;
    private UserId ownerId;
    private String name;
    private SortedSet<Scope> scopes;
    private TokenState state;
    private TokenHash currentHash;
    private String hint;
    private Instant issuedAt;
    private Instant notBefore;
    private Instant expiresAt;
    private RotationPolicy rotation;
    private Instant nextRotationDue;
    /** Why it is suspended; null while it is not. */
    private SuspensionReason suspension;
    /** Correlation ids of suspensions the system made (e.g. {@code anomaly:<signal id>}), so a redelivered signal has no second effect. */
    private Set<String> systemSuspensions = new HashSet<>();
    /** The deadlines the owner was already warned of: once per token and deadline. */
    private Instant expiryWarnedFor;
    private Instant rotationWarnedFor;
    /** A leak was reported (once is enough). */
    private boolean leaked;

    protected Token() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Token(IssueToken command, OwnerGate owners, ExpiryPolicy expiry, ScopePolicy scopePolicy,
                 RotationRules rotationRules, NetworkPolicy network, ExpiryWarnings warnings, DeadlineManager deadlines) {
        Instant now = now();
        checkName(command.name());
        expiry.check(now, command.notBefore(), command.expiresAt());
        scopePolicy.checkGrant(command.scopes(), command.actorScopes());
        rotationRules.check(command.rotation());
        network.check(command.allowedCidrs());
        if (command.secretHash() == null || command.hint() == null) {
            throw new TokenRuleViolation("a token needs a secret hash and hint");
        }
        // Last, so that a refused request never waits for the owner's lock.
        OwnerStanding standing = owners.lockOwner(command.ownerId());
        if (standing == OwnerStanding.OFFBOARDED) {
            throw new TokenStateConflict("user " + command.ownerId() + " is offboarded: no token may be issued for them");
        }
        if (standing == OwnerStanding.ON_LEAVE) {
            throw new TokenStateConflict("user " + command.ownerId() + " is on leave: no token may be issued for them until they return");
        }
        if (standing == OwnerStanding.ORPHANED) {
            throw new TokenStateConflict("service account " + command.ownerId() + " has no active sponsor: "
                    + "no token may be issued for it until a new sponsor is assigned");
        }
        Instant rotationDue = command.rotation() == null ? null : now.plus(command.rotation().every());
        apply(new TokenIssued(command.tokenId(), command.ownerId(), command.name(), sorted(command.scopes()),
                command.secretHash(), command.hint(), command.notBefore(), command.expiresAt(),
                command.allowedCidrs() == null ? List.of() : List.copyOf(command.allowedCidrs()),
                command.rotation(), command.actor(), command.cause(), now));
        deadlines.schedule(command.expiresAt(), TokenDeadlines.EXPIRY, new TokenDeadlines.ExpiryReached(command.expiresAt()));
        warnings.expiryWarningAt(command.expiresAt(), now).ifPresent(at ->
                deadlines.schedule(at, TokenDeadlines.EXPIRY_WARNING, new TokenDeadlines.ExpiryWarning(command.expiresAt())));
        if (rotationDue != null) {
            deadlines.schedule(rotationDue, TokenDeadlines.ROTATION_DUE, new TokenDeadlines.RotationDue(rotationDue));
            scheduleRotationWarning(rotationDue, now, warnings, deadlines);
        }
    }

    @CommandHandler
    public TokenView handle(ChangeTokenScopes command, ScopePolicy scopePolicy) {
        requireNotFinal("re-scoped");
        scopePolicy.checkGrant(command.scopes(), command.actorScopes());
        requireHoldsCurrentScopes(command.actor(), command.actorScopes(), "changing the scopes of");
        SortedSet<Scope> wanted = sorted(command.scopes());
        if (!wanted.equals(scopes)) {
            apply(new TokenScopesChanged(tokenId, ownerId, wanted, scopes, command.actor(), command.cause(), now()));
        }
        return view();
    }

    @CommandHandler
    public RotationResult handle(RotateToken command, @MetaDataValue(CommandMetadata.ACTOR_SCOPES) String actorScopes,
                                 RotationRules rotationRules, ExpiryWarnings warnings, DeadlineManager deadlines) {
        requireNotFinal("rotated");
        if (command.secretHash() == null || command.hint() == null) {
            throw new TokenRuleViolation("a rotation needs a secret hash and hint");
        }
        requireHoldsCurrentScopes(command.actor(), parseScopes(actorScopes), "rotating");
        Instant now = now();
        Instant overlapEnd = now.plus(rotationRules.overlapFor(command.overlap(), rotation));
        Instant previousValidUntil = overlapEnd.isAfter(expiresAt) ? expiresAt : overlapEnd;
        Instant next = rotation == null ? null : now.plus(rotation.every());
        apply(new TokenRotated(tokenId, ownerId, command.secretHash(), command.hint(), currentHash,
                previousValidUntil, next, command.actor(), command.cause(), now));
        if (next != null) {
            deadlines.schedule(next, TokenDeadlines.ROTATION_DUE, new TokenDeadlines.RotationDue(next));
            scheduleRotationWarning(next, now, warnings, deadlines);
        }
        return new RotationResult(tokenId.value(), expiresAt, previousValidUntil, version());
    }

    @CommandHandler
    public TokenView handle(RevokeToken command) {
        // Revoking a revoked or expired token is not an error: the caller's wish already holds.
        if (!state.isFinal()) {
            apply(new TokenRevoked(tokenId, ownerId, command.actor(), command.cause(), now()));
        }
        return view();
    }

    /**
     * A scanner found the secret in the open: recorded once per token (a second report, or the same one again,
     * changes nothing), and a live token is revoked at once. Answers whether this report was the first.
     */
    @CommandHandler
    public boolean handle(ReportTokenLeak command) {
        if (leaked) {
            return false;
        }
        Instant now = now();
        apply(new TokenLeaked(tokenId, ownerId, command.supersededSecret(), command.type(), command.url(), command.source(),
                command.actor(), command.cause(), now));
        if (!state.isFinal()) {
            apply(new TokenRevoked(tokenId, ownerId, command.actor(), command.cause(), now));
        }
        return true;
    }

    @CommandHandler
    public TokenView handle(ExpireToken command) {
        expire(command.actor(), command.cause(), now());
        return view();
    }

    /**
     * Suspends an active token. A token suspended for its owner's leave is suspended again when
     * it is put on hold for investigation, so that the leave's end does not bring it back.
     * Anything else (already suspended, revoked, expired, the same system signal again) is a no-op.
     */
    @CommandHandler
    public TokenView handle(SuspendToken command) {
        boolean holdsForInvestigation = state == TokenState.SUSPENDED && suspension != null && suspension.followsStanding()
                && SuspensionReason.of(command.actor()) == SuspensionReason.INVESTIGATION;
        if ((state == TokenState.ACTIVE || holdsForInvestigation) && !isRepeatedSystemSuspension(command.actor(), command.cause())) {
            apply(new TokenSuspended(tokenId, ownerId, command.actor(), command.cause(), now()));
        }
        return view();
    }

    /**
     * The leave's end (or a service account's new sponsor) reinstates only what the leave (the lost sponsor)
     * suspended, and never fails (it is sent by a
     * tracking handler that would retry). Anyone else lifts any suspension, provided the token is
     * no broader than they are (reinstating gives its scopes back) and its owner is not on leave.
     */
    @CommandHandler
    public TokenView handle(ReinstateToken command, @MetaDataValue(CommandMetadata.ACTOR_SCOPES) String actorScopes,
                            OwnerGate owners) {
        SuspensionReason lifting = SuspensionReason.of(command.actor());
        if (lifting.followsStanding()) {
            if (state == TokenState.SUSPENDED && suspension == lifting) {
                apply(new TokenReinstated(tokenId, ownerId, command.actor(), command.cause(), now()));
            }
            return view();
        }
        requireNotFinal("reinstated");
        if (state != TokenState.SUSPENDED) {
            return view();
        }
        if (command.actor().id().equals(tokenId.value())) {
            throw new TokenAccessDenied("a token cannot reinstate itself");
        }
        requireHoldsCurrentScopes(command.actor(), parseScopes(actorScopes), "reinstating");
        OwnerStanding standing = owners.lockOwner(ownerId);
        if (standing != OwnerStanding.ACTIVE) {
            throw new TokenStateConflict("the owner of token " + tokenId + " is " + standing.json().replace('_', ' ')
                    + ": it cannot be reinstated before they are back");
        }
        apply(new TokenReinstated(tokenId, ownerId, command.actor(), command.cause(), now()));
        return view();
    }

    @CommandHandler
    public TokenView handle(MarkTokenRotationDue command, RotationRules rotationRules, DeadlineManager deadlines) {
        if (!state.isFinal()) {
            Instant now = now();
            markRotationDue(now, command.actor(), command.cause(), now, rotationRules, deadlines);
        }
        return view();
    }

    // Deadline-driven events are dated when the deadline was due (@Timestamp), not when a poller ran.

    @DeadlineHandler(deadlineName = TokenDeadlines.EXPIRY)
    public void on(TokenDeadlines.ExpiryReached deadline, @Timestamp Instant dueAt) {
        if (deadline.expiresAt().equals(expiresAt)) {
            expire(EXPIRY_CLOCK, new Cause("expired", null), dueAt);
        }
    }

    @DeadlineHandler(deadlineName = TokenDeadlines.ROTATION_DUE)
    public void on(TokenDeadlines.RotationDue deadline, @Timestamp Instant dueAt,
                   RotationRules rotationRules, DeadlineManager deadlines) {
        if (!state.isFinal() && deadline.dueAt().equals(nextRotationDue)) {
            markRotationDue(deadline.dueAt(), ROTATION_CLOCK, new Cause("rotation due", null), dueAt, rotationRules, deadlines);
        }
    }

    @DeadlineHandler(deadlineName = TokenDeadlines.ROTATION_OVERDUE)
    public void on(TokenDeadlines.RotationOverdue deadline, @Timestamp Instant dueAt) {
        // Stale when the token was rotated since: the rotation moved nextRotationDue on.
        if (deadline.dueAt().equals(nextRotationDue)) {
            expire(ROTATION_CLOCK, new Cause("rotation overdue", null), dueAt);
        }
    }

    @DeadlineHandler(deadlineName = TokenDeadlines.EXPIRY_WARNING)
    public void on(TokenDeadlines.ExpiryWarning deadline, @Timestamp Instant dueAt) {
        if (!state.isFinal() && deadline.expiresAt().equals(expiresAt) && !deadline.expiresAt().equals(expiryWarnedFor)) {
            apply(new TokenExpiryApproaching(tokenId, ownerId, TokenExpiryApproaching.EXPIRY, expiresAt,
                    EXPIRY_CLOCK, new Cause("expiry approaching", null), dueAt));
        }
    }

    @DeadlineHandler(deadlineName = TokenDeadlines.ROTATION_WARNING)
    public void on(TokenDeadlines.RotationWarning deadline, @Timestamp Instant dueAt) {
        // Stale when the token was rotated since: nextRotationDue has moved on.
        if (!state.isFinal() && deadline.dueAt().equals(nextRotationDue) && !deadline.dueAt().equals(rotationWarnedFor)) {
            apply(new TokenExpiryApproaching(tokenId, ownerId, TokenExpiryApproaching.ROTATION, nextRotationDue,
                    ROTATION_CLOCK, new Cause("rotation approaching", null), dueAt));
        }
    }

    private static void scheduleRotationWarning(Instant rotationDue, Instant now, ExpiryWarnings warnings, DeadlineManager deadlines) {
        warnings.rotationWarningAt(rotationDue, now).ifPresent(at ->
                deadlines.schedule(at, TokenDeadlines.ROTATION_WARNING, new TokenDeadlines.RotationWarning(rotationDue)));
    }

    private boolean isRepeatedSystemSuspension(Actor actor, Cause cause) {
        return actor.isSystem() && cause != null && cause.correlationId() != null
                && systemSuspensions.contains(cause.correlationId());
    }

    private void markRotationDue(Instant dueAt, Actor actor, Cause cause, Instant occurredAt,
                                 RotationRules rotationRules, DeadlineManager deadlines) {
        Instant expiresUnlessRotatedBy = dueAt.plus(rotationRules.grace());
        apply(new TokenRotationDue(tokenId, ownerId, dueAt, expiresUnlessRotatedBy, actor, cause, occurredAt));
        deadlines.schedule(expiresUnlessRotatedBy, TokenDeadlines.ROTATION_OVERDUE, new TokenDeadlines.RotationOverdue(dueAt));
    }

    private void expire(Actor actor, Cause cause, Instant occurredAt) {
        if (!state.isFinal()) {
            apply(new TokenExpired(tokenId, ownerId, actor, cause, occurredAt));
        }
    }

    private void requireNotFinal(String verb) {
        if (state.isFinal()) {
            throw new TokenStateConflict("token " + tokenId + " is " + state.json() + " and cannot be " + verb);
        }
    }

    /** A caller manages only tokens no broader than itself; a token may always rotate itself. */
    private void requireHoldsCurrentScopes(Actor actor, Collection<Scope> actorScopes, String what) {
        if (actor.isSystem() || actor.id().equals(tokenId.value())) {
            return;
        }
        Collection<Scope> held = actorScopes == null ? Set.of() : actorScopes;
        if (!Scopes.holdsAll(held, scopes)) {
            throw new TokenAccessDenied(what + " token " + tokenId + " needs every scope it holds");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new TokenRuleViolation("a token needs a name saying what it is for");
        }
        String problem = FreeText.problem("name", name, MAX_NAME_LENGTH);
        if (problem != null) {
            throw new TokenRuleViolation(problem);
        }
    }

    private static Set<Scope> parseScopes(String spaceSeparated) {
        if (spaceSeparated == null || spaceSeparated.isBlank()) {
            return Set.of();
        }
        return Scopes.parse(Arrays.asList(spaceSeparated.trim().split(" +")));
    }

    private static SortedSet<Scope> sorted(Collection<Scope> scopes) {
        return new TreeSet<>(scopes);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private TokenView view() {
        return new TokenView(tokenId.value(), ownerId.value(), name, Scopes.values(scopes), state, hint,
                issuedAt, notBefore, expiresAt, version());
    }

    /** The sequence number of the newest event, including one this command just applied (no store look-up). */
    private static long version() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? 0 : version;
    }

    @EventSourcingHandler
    void on(TokenIssued event) {
        tokenId = event.tokenId();
        ownerId = event.ownerId();
        name = event.name();
        scopes = sorted(event.scopes());
        state = TokenState.ACTIVE;
        currentHash = event.secretHash();
        hint = event.hint();
        issuedAt = event.occurredAt();
        notBefore = event.notBefore();
        expiresAt = event.expiresAt();
        rotation = event.rotation();
        nextRotationDue = rotation == null ? null : event.occurredAt().plus(rotation.every());
    }

    @EventSourcingHandler
    void on(TokenScopesChanged event) {
        scopes = sorted(event.scopes());
    }

    @EventSourcingHandler
    void on(TokenRotated event) {
        currentHash = event.secretHash();
        hint = event.hint();
        nextRotationDue = event.nextRotationDue();
    }

    @EventSourcingHandler
    void on(TokenRotationDue event) {
        nextRotationDue = event.dueAt();
    }

    @EventSourcingHandler
    void on(TokenRevoked event) {
        state = TokenState.REVOKED;
    }

    @EventSourcingHandler
    void on(TokenExpired event) {
        state = TokenState.EXPIRED;
    }

    @EventSourcingHandler
    void on(TokenSuspended event) {
        state = TokenState.SUSPENDED;
        // A hold for investigation outlasts the leave; it is never downgraded to a leave suspension.
        suspension = suspension == SuspensionReason.INVESTIGATION ? suspension : SuspensionReason.of(event.actor());
        if (event.actor().isSystem() && event.cause() != null && event.cause().correlationId() != null) {
            systemSuspensions.add(event.cause().correlationId());
        }
    }

    @EventSourcingHandler
    void on(TokenLeaked event) {
        leaked = true;
    }

    @EventSourcingHandler
    void on(TokenReinstated event) {
        state = TokenState.ACTIVE;
        suspension = null;
    }

    @EventSourcingHandler
    void on(TokenExpiryApproaching event) {
        if (TokenExpiryApproaching.ROTATION.equals(event.deadline())) {
            rotationWarnedFor = event.dueAt();
        } else {
            expiryWarnedFor = event.dueAt();
        }
    }
}

package org.tokensuite.command.aggregate;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.tokensuite.api.command.EndUserLeave;
import org.tokensuite.api.command.OffboardUser;
import org.tokensuite.api.command.StartUserLeave;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

import org.tokensuite.command.rule.TokenStateConflict;

import java.util.EnumSet;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A token owner's standing (identified by the user id, the HR employee id for people). Created on
 * first use. Commands are idempotent: offboarding twice, or the same HR event delivered twice
 * (same correlation id), has no second effect. What happens to the owner's tokens is decided by
 * the user-policies event handler.
 */
@Aggregate
public class UserAccount {

    @AggregateIdentifier
    private UserId userId;
    private boolean offboarded;
    private boolean onLeave;
    /** Event type and correlation id of every change applied, so a replayed HR event is a no-op. */
    private final Set<String> applied = new HashSet<>();

    public UserAccount() {
        // for Axon: created on first command, or rebuilt from events
    }

    /** Answers how many tokens the offboarding revokes and which service accounts it orphans. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public Offboarding handle(OffboardUser command, OwnerGate owners, OwnerTokens tokens, OwnerKinds kinds) {
        if (exists() && (offboarded || alreadyApplied(UserOffboarded.class, command.cause()))) {
            return new Offboarding(0, List.of());
        }
        owners.lockOwner(command.userId());
        requirePerson(command.userId(), kinds);
        int affected = tokens.count(command.userId(), EnumSet.of(TokenState.ACTIVE, TokenState.SUSPENDED));
        // Read under the sponsor's lock: a registration naming this sponsor either committed before or sees the offboarding.
        List<UserId> orphaned = kinds.sponsoredBy(command.userId());
        apply(new UserOffboarded(command.userId(), command.actor(), command.cause(), GenericEventMessage.clock.instant(),
                orphaned));
        return new Offboarding(affected, orphaned);
    }

    public record Offboarding(int affectedTokens, List<UserId> orphanedServiceAccounts) {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(StartUserLeave command, OwnerGate owners, OwnerTokens tokens, OwnerKinds kinds) {
        if (exists() && (offboarded || onLeave || alreadyApplied(UserLeaveStarted.class, command.cause()))) {
            return 0;
        }
        owners.lockOwner(command.userId());
        requirePerson(command.userId(), kinds);
        int affected = tokens.count(command.userId(), EnumSet.of(TokenState.ACTIVE));
        apply(new UserLeaveStarted(command.userId(), command.actor(), command.cause(), GenericEventMessage.clock.instant()));
        return affected;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(EndUserLeave command, OwnerGate owners, OwnerTokens tokens, OwnerKinds kinds) {
        // An unknown user's return is still recorded: a new aggregate must apply an event.
        if (exists() && (offboarded || !onLeave || alreadyApplied(UserLeaveEnded.class, command.cause()))) {
            return 0;
        }
        owners.lockOwner(command.userId());
        requirePerson(command.userId(), kinds);
        int affected = onLeave ? tokens.countSuspended(command.userId(), SuspensionReason.LEAVE) : 0;
        apply(new UserLeaveEnded(command.userId(), command.actor(), command.cause(), GenericEventMessage.clock.instant()));
        return affected;
    }

    /** HR and SCIM speak about people: a service account's standing follows its sponsor instead. */
    private static void requirePerson(UserId userId, OwnerKinds kinds) {
        if (kinds.isServiceAccount(userId)) {
            throw new TokenStateConflict(userId + " is a service account, not a person: it cannot be offboarded, "
                    + "put on leave or brought back; its tokens follow its sponsor");
        }
    }

    private boolean exists() {
        return userId != null;
    }

    private boolean alreadyApplied(Class<?> eventType, Cause cause) {
        String key = key(eventType, cause);
        return key != null && applied.contains(key);
    }

    private void remember(Class<?> eventType, Cause cause) {
        String key = key(eventType, cause);
        if (key != null) {
            applied.add(key);
        }
    }

    private static String key(Class<?> eventType, Cause cause) {
        if (cause == null || cause.correlationId() == null) {
            return null;
        }
        return eventType.getSimpleName() + '|' + cause.correlationId();
    }

    @EventSourcingHandler
    void on(UserOffboarded event) {
        userId = event.userId();
        offboarded = true;
        onLeave = false;
        remember(UserOffboarded.class, event.cause());
    }

    @EventSourcingHandler
    void on(UserLeaveStarted event) {
        userId = event.userId();
        onLeave = true;
        remember(UserLeaveStarted.class, event.cause());
    }

    @EventSourcingHandler
    void on(UserLeaveEnded event) {
        userId = event.userId();
        onLeave = false;
        remember(UserLeaveEnded.class, event.cause());
    }
}

package org.tokensuite.command.aggregate;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.tokensuite.api.command.OrphanServiceAccount;
import org.tokensuite.api.command.RegisterServiceAccount;
import org.tokensuite.api.command.ServiceAccountIds;
import org.tokensuite.api.event.ServiceAccountAdopted;
import org.tokensuite.api.event.ServiceAccountChanged;
import org.tokensuite.api.event.ServiceAccountOrphanWarning;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.api.event.ServiceAccountRegistered;
import org.tokensuite.api.event.ServiceAccountSponsorLost;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.policy.OrphanGrace;
import org.tokensuite.command.policy.SuitePrincipals;
import org.tokensuite.command.rule.TokenRuleViolation;
import org.tokensuite.command.rule.TokenStateConflict;

import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An owner that is not a person: a service, with a sponsor accountable for it. When the sponsor leaves, the
 * account is orphaned: its tokens keep working through a grace period (with reminders), then the sponsorship
 * policy suspends them; a new active sponsor ends the orphanhood and brings suspended tokens back.
 */
@Aggregate
public class ServiceAccount {

    @AggregateIdentifier
    private String aggregateId;
    private UserId accountId;
    private String description;
    private String team;
    private UserId sponsor;
    /** Set while orphaned: the end of the running grace period. */
    private Instant graceEndsAt;
    /** The grace period ran out: the tokens were suspended. */
    private boolean sponsorLost;

    public ServiceAccount() {
        // for Axon: created by the first registration, or rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ServiceAccountView handle(RegisterServiceAccount command, OwnerGate owners, OwnerKinds kinds,
                                     SuitePrincipals principals) {
        String newDescription = checkedDescription(command.description());
        String newTeam = checkedTeam(command.team());
        UserId newSponsor = command.sponsor();
        if (newSponsor == null) {
            throw new TokenRuleViolation("a service account needs a sponsor: the person accountable for it");
        }
        if (newSponsor.equals(command.accountId())) {
            throw new TokenRuleViolation("a service account cannot sponsor itself");
        }
        if (principals.isReserved(command.accountId())) {
            throw new TokenStateConflict(command.accountId() + " is one of the suite's own principals: a built-in "
                    + "service account that has no sponsor and cannot be registered");
        }
        boolean created = !exists();
        if (created) {
            // Serialised with issuing and with HR changes for this id.
            owners.lockOwner(command.accountId());
            if (kinds.hasPersonStanding(command.accountId())) {
                throw new TokenStateConflict(command.accountId() + " is a person HR or SCIM has spoken about: "
                        + "it cannot become a service account");
            }
        }
        boolean sponsorChanges = created || !newSponsor.equals(sponsor);
        if (sponsorChanges || isOrphaned()) {
            checkSponsor(newSponsor, owners, kinds, principals);
        }
        Instant now = now();
        if (created) {
            apply(new ServiceAccountRegistered(command.accountId(), newDescription, newSponsor, newTeam,
                    command.actor(), command.cause(), now));
        } else if (sponsorChanges || !newDescription.equals(description) || !Objects.equals(newTeam, team)) {
            boolean wasOrphaned = isOrphaned();
            boolean wasLost = sponsorLost;
            apply(new ServiceAccountChanged(accountId, newDescription, newSponsor, newTeam, sponsor,
                    command.actor(), command.cause(), now));
            if (wasOrphaned && sponsorChanges) {
                apply(new ServiceAccountAdopted(accountId, newSponsor, wasLost, command.actor(), command.cause(), now));
            }
        }
        return new ServiceAccountView(accountId.value(), description, team, sponsor.value(), status(), graceEndsAt,
                created);
    }

    /** Sent by the sponsorship policy for every account an offboarded person sponsored. */
    @CommandHandler
    public void handle(OrphanServiceAccount command, OrphanGrace grace, DeadlineManager deadlines) {
        if (isOrphaned() || !command.lostSponsor().equals(sponsor)) {
            return; // already orphaned, or re-sponsored since: nothing to do
        }
        Instant now = now();
        Instant ends = grace.endsAt(now);
        Cause cause = command.cause();
        apply(new ServiceAccountOrphaned(accountId, sponsor, ends, command.actor(), cause, now));
        apply(new ServiceAccountOrphanWarning(accountId, ServiceAccountOrphanWarning.START, ends, command.actor(),
                reminderCause(ends, cause), now));
        for (OrphanGrace.Reminder reminder : grace.remindersAfter(now)) {
            deadlines.schedule(reminder.at(), ServiceAccountDeadlines.ORPHAN_REMINDER,
                    new ServiceAccountDeadlines.OrphanReminder(reminder.stage(), ends));
        }
        deadlines.schedule(ends, ServiceAccountDeadlines.GRACE_END, new ServiceAccountDeadlines.GraceEnd(ends));
    }

    @DeadlineHandler(deadlineName = ServiceAccountDeadlines.ORPHAN_REMINDER)
    public void on(ServiceAccountDeadlines.OrphanReminder reminder, @Timestamp Instant dueAt) {
        if (reminder.graceEndsAt().equals(graceEndsAt) && !sponsorLost) {
            apply(new ServiceAccountOrphanWarning(accountId, reminder.stage(), graceEndsAt,
                    SuspensionReason.SPONSORSHIP_ACTOR, reminderCause(graceEndsAt, null), dueAt));
        }
    }

    @DeadlineHandler(deadlineName = ServiceAccountDeadlines.GRACE_END)
    public void on(ServiceAccountDeadlines.GraceEnd end, @Timestamp Instant dueAt) {
        if (end.graceEndsAt().equals(graceEndsAt) && !sponsorLost) {
            apply(new ServiceAccountSponsorLost(accountId, sponsor, SuspensionReason.SPONSORSHIP_ACTOR,
                    new Cause("sponsor_lost: the grace period ended without a new sponsor", null), dueAt));
        }
    }

    private void checkSponsor(UserId candidate, OwnerGate owners, OwnerKinds kinds, SuitePrincipals principals) {
        if (principals.isReserved(candidate)) {
            throw new TokenRuleViolation("sponsor " + candidate + " is one of the suite's own principals, not a person");
        }
        if (kinds.isServiceAccount(candidate)) {
            throw new TokenRuleViolation("sponsor " + candidate + " is a service account, not a person");
        }
        // The sponsor's lock: an offboarding either commits first (and is seen here) or orphans this account after.
        OwnerStanding standing = owners.lockOwner(candidate);
        if (standing != OwnerStanding.ACTIVE) {
            throw new TokenStateConflict("sponsor " + candidate + " is " + standing.json().replace('_', ' ')
                    + ": a sponsor must be an active person");
        }
    }

    private static String checkedDescription(String value) {
        if (value == null || value.isBlank()) {
            throw new TokenRuleViolation("a service account needs a description: what it is for");
        }
        return checked("description", value.strip(), RegisterServiceAccount.MAX_DESCRIPTION_LENGTH);
    }

    private static String checkedTeam(String value) {
        return value == null || value.isBlank() ? null : checked("team", value.strip(), RegisterServiceAccount.MAX_TEAM_LENGTH);
    }

    private static String checked(String field, String value, int max) {
        String problem = FreeText.problem(field, value, max);
        if (problem != null) {
            throw new TokenRuleViolation(problem);
        }
        return value;
    }

    private static Cause reminderCause(Instant ends, Cause cause) {
        return new Cause("no sponsor: its tokens are suspended at " + ends + " unless a new sponsor is assigned",
                cause == null ? null : cause.correlationId());
    }

    private boolean exists() {
        return accountId != null;
    }

    private boolean isOrphaned() {
        return graceEndsAt != null;
    }

    private String status() {
        if (sponsorLost) {
            return "sponsor_lost";
        }
        return isOrphaned() ? "orphaned" : "sponsored";
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(ServiceAccountRegistered event) {
        aggregateId = ServiceAccountIds.aggregateId(event.accountId());
        accountId = event.accountId();
        description = event.description();
        team = event.team();
        sponsor = event.sponsor();
    }

    @EventSourcingHandler
    void on(ServiceAccountChanged event) {
        description = event.description();
        team = event.team();
        sponsor = event.sponsor();
    }

    @EventSourcingHandler
    void on(ServiceAccountOrphaned event) {
        graceEndsAt = event.graceEndsAt();
    }

    @EventSourcingHandler
    void on(ServiceAccountSponsorLost event) {
        sponsorLost = true;
    }

    @EventSourcingHandler
    void on(ServiceAccountAdopted event) {
        graceEndsAt = null;
        sponsorLost = false;
    }
}

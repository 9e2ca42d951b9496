package org.tokensuite.command.user;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.OrphanServiceAccount;
import org.tokensuite.api.command.ReinstateToken;
import org.tokensuite.api.command.SuspendToken;
import org.tokensuite.api.event.ServiceAccountAdopted;
import org.tokensuite.api.event.ServiceAccountSponsorLost;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.SuspensionReason;

import java.util.EnumSet;

/**
 * What a sponsor's departure means for the service accounts they were accountable for. A tracking processor
 * (it resumes after a crash from its token in the event store's database); every command it sends is
 * idempotent, so handling an event twice does no harm.
 */
@Component
@ProcessingGroup(SponsorshipPolicies.PROCESSING_GROUP)
public class SponsorshipPolicies {

    public static final String PROCESSING_GROUP = "sponsorship-policies";

    private static final Actor SPONSORSHIP = SuspensionReason.SPONSORSHIP_ACTOR;

    private final CommandGateway commands;
    private final UserDirectory directory;

    public SponsorshipPolicies(CommandGateway commands, UserDirectory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    /** The event names the accounts the person sponsored when they left: each starts its grace period. */
    @EventHandler
    void on(UserOffboarded event) {
        Cause cause = new Cause("sponsor " + event.userId() + " offboarded", correlation(event.cause()));
        for (UserId account : event.orphanedServiceAccounts()) {
            commands.sendAndWait(new OrphanServiceAccount(account, event.userId(), SPONSORSHIP, cause));
        }
    }

    @EventHandler
    void on(ServiceAccountSponsorLost event) {
        Cause cause = new Cause("sponsor_lost: service account " + event.accountId() + " has had no sponsor since "
                + event.lostSponsor() + " left", correlation(event.cause()));
        for (TokenId token : directory.tokens(event.accountId(), EnumSet.of(TokenState.ACTIVE))) {
            commands.sendAndWait(new SuspendToken(token, SPONSORSHIP, cause));
        }
    }

    @EventHandler
    void on(ServiceAccountAdopted event) {
        if (!event.tokensWereSuspended()) {
            return;
        }
        Cause cause = new Cause("new sponsor " + event.sponsor(), correlation(event.cause()));
        // Only what the lost sponsor suspended: a token held for investigation stays suspended.
        for (TokenId token : directory.suspendedTokens(event.accountId(), SuspensionReason.SPONSOR_LOST)) {
            commands.sendAndWait(new ReinstateToken(token, SPONSORSHIP, cause));
        }
    }

    private static String correlation(Cause cause) {
        return cause == null ? null : cause.correlationId();
    }
}

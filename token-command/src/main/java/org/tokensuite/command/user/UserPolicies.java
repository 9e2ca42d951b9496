package org.tokensuite.command.user;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.ReinstateToken;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.command.SuspendToken;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.aggregate.OwnerStanding;
import org.tokensuite.command.aggregate.SuspensionReason;
import org.tokensuite.command.revocation.TokenRevocations;

import java.util.EnumSet;
import java.util.Map;

/**
 * What a user's standing means for their tokens. A tracking processor with its token in the
 * event store's database: it resumes after a crash, and the token commands it sends are
 * idempotent, so handling an event twice does no harm.
 */
@Component
@ProcessingGroup(UserPolicies.PROCESSING_GROUP)
public class UserPolicies {

    public static final String PROCESSING_GROUP = "user-policies";

    private static final Actor OFFBOARDING = Actor.system("offboarding");
    private static final Actor LEAVE = SuspensionReason.LEAVE_ACTOR;
    private static final String STANDINGS = UserPolicies.class.getName() + ".standings";

    private final CommandGateway commands;
    private final UserDirectory directory;
    private final TokenRevocations revocations;

    public UserPolicies(CommandGateway commands, UserDirectory directory, TokenRevocations revocations) {
        this.commands = commands;
        this.directory = directory;
        this.revocations = revocations;
    }

    /** In chunks within this batch's transaction: a command per token cost the two cores of a small host for a moment. */
    @EventHandler
    void on(UserOffboarded event) {
        Cause cause = new Cause("owner offboarded", correlation(event.cause()));
        revocations.revokeInCurrentUnit(directory.tokens(event.userId(), EnumSet.of(TokenState.ACTIVE, TokenState.SUSPENDED)),
                OFFBOARDING, cause);
    }

    /** Belt and braces: the owner lock already refuses such issues. */
    @EventHandler
    void on(TokenIssued event) {
        OwnerStanding standing = standingInThisBatch(event.ownerId());
        if (standing == OwnerStanding.OFFBOARDED) {
            commands.sendAndWait(new RevokeToken(event.tokenId(), OFFBOARDING, new Cause("owner offboarded", null)));
        } else if (standing == OwnerStanding.ON_LEAVE) {
            commands.sendAndWait(new SuspendToken(event.tokenId(), LEAVE, new Cause("owner on leave", null)));
        }
    }

    @EventHandler
    void on(UserLeaveStarted event) {
        Cause cause = new Cause("owner on leave", correlation(event.cause()));
        for (TokenId token : directory.tokens(event.userId(), EnumSet.of(TokenState.ACTIVE))) {
            commands.sendAndWait(new SuspendToken(token, LEAVE, cause));
        }
    }

    @EventHandler
    void on(UserLeaveEnded event) {
        if (directory.standing(event.userId()) != OwnerStanding.ACTIVE) {
            return;
        }
        Cause cause = new Cause("owner back from leave", correlation(event.cause()));
        // Only what the leave suspended: a token held for investigation stays suspended.
        for (TokenId token : directory.suspendedTokens(event.userId(), SuspensionReason.LEAVE)) {
            commands.sendAndWait(new ReinstateToken(token, LEAVE, cause));
        }
    }

    /**
     * The owner's standing, read once per batch for the owners of every token issued in it: one query per issued token
     * was a round trip per issue command for a check that almost never finds anything. Reading it at the batch's first
     * issue rather than at each is as good: an offboarding or leave committed in between is an event of its own, and
     * its handler acts on every token the owner then holds.
     */
    private OwnerStanding standingInThisBatch(UserId owner) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            return directory.standing(owner);
        }
        Map<UserId, OwnerStanding> standings = batch.getOrComputeResource(STANDINGS, key -> directory.standings(
                batch.getMessages().stream().filter(m -> m.getPayloadType() == TokenIssued.class)
                        .map(m -> ((TokenIssued) m.getPayload()).ownerId()).toList()));
        OwnerStanding standing = standings.get(owner);
        return standing != null ? standing : directory.standing(owner);
    }

    private static String correlation(Cause cause) {
        return cause == null ? null : cause.correlationId();
    }
}

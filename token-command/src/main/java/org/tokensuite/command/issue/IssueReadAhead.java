package org.tokensuite.command.issue;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.catalogue.JdbcScopeCatalogue;
import org.tokensuite.command.lock.LockThenRead;
import org.tokensuite.command.lock.LockedRead;
import org.tokensuite.command.policy.ScopePolicy;
import org.tokensuite.command.user.JdbcOwnerGate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Before an issue is handled, takes the locks its handler will take and reads what they guard, all in one round trip:
 * the shared locks of the systems its scopes name with their catalogue entries, then the owner's lock with their
 * standing. The handler asks for both as before and gets them from the unit of work (LockThenRead), in the order it
 * would have taken the locks itself; an issue made one round trip fewer (token-command's README, "The round trips of
 * an issue"). Axon registers it on the command bus (a handler-interceptor bean), inside the command's transaction.
 *
 * <p>The locks are now taken before the handler's first rules: a request they refuse has waited for its owner's lock,
 * which only a change of that owner's standing (offboarding, leave, a sponsorship) or another issue for them holds,
 * and only until it commits.
 */
@Component
public class IssueReadAhead implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final LockThenRead locked;
    private final JdbcScopeCatalogue catalogue;
    private final JdbcOwnerGate owners;

    public IssueReadAhead(LockThenRead locked, JdbcScopeCatalogue catalogue, JdbcOwnerGate owners) {
        this.locked = locked;
        this.catalogue = catalogue;
        this.owners = owners;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof IssueToken issue
                && TransactionSynchronizationManager.isActualTransactionActive()) {
            List<LockedRead<?>> reads = reads(issue);
            // One read alone gains nothing from going early: the handler sends it when (and if) it gets that far.
            if (reads.size() > 1) {
                locked.readAhead(reads);
            }
        }
        return chain.proceed();
    }

    /**
     * Before a batch of issues is handled in one transaction (batch.CommandBatches): every issue's locked reads, as
     * {@link #handle} would send them for it alone, in one round trip, so that none of them sends its own. The issues
     * go in the order of their owners' ids, so that two instances' batches take their owners' locks in the same order
     * and do not wait for each other in a cycle (unless two owners' ids share a lock key, a 32-bit hash; PostgreSQL
     * breaks such a cycle, and the batch's issues are sent again alone); the systems' shared locks in between conflict
     * only with a system change, which takes no other lock. A set of systems named by several issues is sent once and
     * answers each of them (no issue writes the catalogue, and its shared locks keep every change of it out until the
     * batch commits); a batch never holds two issues for one owner, so each owner's standing answers one ask.
     */
    public void readAheadForBatch(List<IssueToken> issues) {
        List<LockedRead<?>> reads = issues.stream()
                .sorted(Comparator.comparing(issue -> issue.ownerId() == null ? "" : issue.ownerId().value()))
                .flatMap(issue -> reads(issue).stream())
                .toList();
        if (!reads.isEmpty()) {
            locked.readAhead(reads);
        }
    }

    /** What the handler will read under locks, in the order it takes them; empty where the request is malformed. */
    private List<LockedRead<?>> reads(IssueToken issue) {
        List<LockedRead<?>> reads = new ArrayList<>(2);
        Set<SystemName> systems = ScopePolicy.cataloguedSystems(issue.scopes());
        if (!systems.isEmpty()) {
            reads.add(catalogue.lockedRead(systems));
        }
        if (issue.ownerId() != null) {
            reads.add(owners.lockedRead(issue.ownerId()));
        }
        return reads;
    }
}

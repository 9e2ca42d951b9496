package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.List;

/**
 * The user has left: every token of theirs is revoked and no new one may be issued. The service accounts
 * they sponsored ({@code orphanedServiceAccounts}, empty in events written before service accounts existed)
 * are orphaned.
 */
@Revision("1")
public record UserOffboarded(
        UserId userId,
        Actor actor,
        Cause cause,
        Instant occurredAt,
        List<UserId> orphanedServiceAccounts) implements TokenEvent {

    public UserOffboarded {
        orphanedServiceAccounts = orphanedServiceAccounts == null ? List.of() : List.copyOf(orphanedServiceAccounts);
    }

    /** A person who sponsored no service account. */
    public UserOffboarded(UserId userId, Actor actor, Cause cause, Instant occurredAt) {
        this(userId, actor, cause, occurredAt, List.of());
    }

    @Override
    public UserId ownerId() {
        return userId;
    }
}

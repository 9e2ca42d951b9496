package org.tokensuite.api.event;

import org.axonframework.serialization.Revision;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.UserId;

import java.time.Instant;

/**
 * A reminder that an orphaned account's tokens will be suspended at {@code graceEndsAt}: at the start of the
 * grace period ({@link #START}), half-way ({@link #HALF_WAY}) and one day before ({@link #ONE_DAY_BEFORE}).
 */
@Revision("1")
public record ServiceAccountOrphanWarning(
        UserId accountId,
        String stage,
        Instant graceEndsAt,
        Actor actor,
        Cause cause,
        Instant occurredAt) implements TokenEvent {

    public static final String START = "start";
    public static final String HALF_WAY = "half_way";
    public static final String ONE_DAY_BEFORE = "one_day_before";

    @Override
    public UserId ownerId() {
        return accountId;
    }
}

package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.Actor;

import java.util.Locale;

/**
 * Why a suspended token is suspended, read from the {@code TokenSuspended} event's actor. The
 * owner's leave is undone when the leave ends; a hold for investigation (an anomaly rule or an
 * operator) is undone only by an explicit reinstatement, never by the leave ending.
 */
public enum SuspensionReason {
    LEAVE, INVESTIGATION;

    /** The actor of every suspension and reinstatement that follows the owner's leave. */
    public static final Actor LEAVE_ACTOR = Actor.system("leave");

    public static SuspensionReason of(Actor actor) {
        return LEAVE_ACTOR.equals(actor) ? LEAVE : INVESTIGATION;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}

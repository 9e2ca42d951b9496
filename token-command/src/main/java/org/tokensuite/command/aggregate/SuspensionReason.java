package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.Actor;

import java.util.Locale;

/**
 * Why a suspended token is suspended, read from the {@code TokenSuspended} event's actor. The owner's leave
 * is undone when the leave ends, a lost sponsor when the service account gets a new one: both follow the
 * owner's standing. A hold for investigation (an anomaly rule or an operator) is undone only by an explicit
 * reinstatement, never by a change of standing.
 */
public enum SuspensionReason {
    LEAVE, SPONSOR_LOST, INVESTIGATION;

    /** The actor of every suspension and reinstatement that follows the owner's leave. */
    public static final Actor LEAVE_ACTOR = Actor.system("leave");
    /** The actor of every suspension and reinstatement that follows a service account's sponsorship. */
    public static final Actor SPONSORSHIP_ACTOR = Actor.system("sponsorship");

    public static SuspensionReason of(Actor actor) {
        if (LEAVE_ACTOR.equals(actor)) {
            return LEAVE;
        }
        return SPONSORSHIP_ACTOR.equals(actor) ? SPONSOR_LOST : INVESTIGATION;
    }

    /** Undone by the owner's standing (leave ended, new sponsor), not by a person. */
    public boolean followsStanding() {
        return this != INVESTIGATION;
    }

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}

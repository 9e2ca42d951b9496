package org.tokensuite.command.aggregate;

import java.time.Instant;

/**
 * Payloads of a service account's persistent deadlines. Each names the grace period it belongs to, so one
 * left over from an orphanhood that has ended (a new sponsor) recognises itself and does nothing.
 */
public final class ServiceAccountDeadlines {

    public static final String ORPHAN_REMINDER = "service-account-orphan-reminder";
    public static final String GRACE_END = "service-account-grace-end";

    private ServiceAccountDeadlines() {
    }

    public record OrphanReminder(String stage, Instant graceEndsAt) {
    }

    public record GraceEnd(Instant graceEndsAt) {
    }
}

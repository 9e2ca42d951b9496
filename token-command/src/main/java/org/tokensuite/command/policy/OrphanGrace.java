package org.tokensuite.command.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How long an orphaned service account's tokens keep working, and when its owners are reminded: at the start
 * (the orphaning itself), half-way, and one day before the end (only when that falls after half-way, so a
 * short grace period does not warn twice in a row).
 */
public final class OrphanGrace {

    public static final String HALF_WAY = "half_way";
    public static final String ONE_DAY_BEFORE = "one_day_before";

    private final Duration period;

    public OrphanGrace(Duration period) {
        Objects.requireNonNull(period, "grace period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the service-account grace period must be positive, got " + period);
        }
        this.period = period;
    }

    public Duration period() {
        return period;
    }

    public Instant endsAt(Instant orphanedAt) {
        return orphanedAt.plus(period);
    }

    /** The reminders after the first one, in time order. */
    public List<Reminder> remindersAfter(Instant orphanedAt) {
        Instant end = endsAt(orphanedAt);
        Instant halfWay = orphanedAt.plus(period.dividedBy(2));
        List<Reminder> reminders = new ArrayList<>();
        reminders.add(new Reminder(HALF_WAY, halfWay));
        Instant dayBefore = end.minus(Duration.ofDays(1));
        if (dayBefore.isAfter(halfWay)) {
            reminders.add(new Reminder(ONE_DAY_BEFORE, dayBefore));
        }
        return List.copyOf(reminders);
    }

    public record Reminder(String stage, Instant at) {
    }
}

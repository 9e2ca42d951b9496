package org.tokensuite.query.usage;

/**
 * A token's uses per minute against its own moving average (exponential, so no per-minute
 * history is kept). Fed by the flush thread with each window's count and the minute it belongs to;
 * minutes without any use count as zero. The {@code rate_spike} rule judges what it shows.
 */
final class RateBaseline {

    private long minute = -1;
    private long firstMinute = -1;
    private long currentCount;
    private double average;

    /** Adds {@code uses} to {@code minute} (epoch minute, never decreasing); closes earlier minutes into the average. */
    void add(long minute, long uses, double alpha) {
        if (this.minute < 0) {
            this.minute = minute;
            this.firstMinute = minute;
        } else if (minute > this.minute) {
            average = alpha * currentCount + (1 - alpha) * average;
            long idle = minute - this.minute - 1;
            if (idle > 0) {
                average *= Math.pow(1 - alpha, Math.min(idle, 10_000));
            }
            this.minute = minute;
            currentCount = 0;
        }
        currentCount += uses;
    }

    long currentCount() {
        return currentCount;
    }

    double average() {
        return average;
    }

    /** Minutes this baseline has been watching the token, up to the current one. */
    long watchedMinutes() {
        return minute < 0 ? 0 : minute - firstMinute;
    }

    /** Smoothing for an exponential average whose horizon is about {@code minutes}. */
    static double alpha(long minutes) {
        return 2.0 / (Math.max(1, minutes) + 1);
    }
}

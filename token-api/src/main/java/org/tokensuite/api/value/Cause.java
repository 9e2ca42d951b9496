package org.tokensuite.api.value;

/**
 * Why a change happened: a free-text reason and a correlation id (the caller's request id,
 * or {@code hr:<event id>} for HR events).
 */
public record Cause(String reason, String correlationId) {

    public static final int MAX_REASON_LENGTH = 500;

    public Cause {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason is longer than " + MAX_REASON_LENGTH + " characters");
        }
        if (correlationId != null && correlationId.length() > 200) {
            throw new IllegalArgumentException("correlation id is longer than 200 characters");
        }
    }

    /** A reason built from longer text (a URL, a selector), cut to what a cause may hold. */
    public static String fitted(String reason) {
        return reason == null || reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }

    public static Cause of(String reason) {
        return new Cause(reason, null);
    }
}

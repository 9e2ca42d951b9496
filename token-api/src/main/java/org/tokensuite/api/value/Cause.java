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

    public static Cause of(String reason) {
        return new Cause(reason, null);
    }
}

package org.tokensuite.lifecycle.progress;

import org.springframework.kafka.listener.ListenerExecutionFailedException;

import java.time.Instant;

/**
 * Why the consumer's last attempt failed: the error's class and its message, made safe to show on
 * the public health endpoint (no control characters, bounded). The listener's messages never hold a
 * secret (the command token is never put in one).
 */
public record ConsumerFailure(String errorClass, String reason, Instant at) {

    private static final int REASON_LIMIT = 300;

    public static ConsumerFailure of(Throwable error, Instant at) {
        Throwable cause = error;
        // spring-kafka wraps what the listener threw; the listener's own exception says what went wrong
        while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new ConsumerFailure(cause.getClass().getSimpleName(), clean(cause.getMessage()), at);
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), REASON_LIMIT + 1));
        for (int i = 0; i < message.length() && out.length() < REASON_LIMIT; i++) {
            char c = message.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        if (message.length() > REASON_LIMIT) {
            out.append('…');
        }
        return out.toString();
    }
}

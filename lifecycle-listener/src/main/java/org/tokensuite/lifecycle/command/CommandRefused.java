package org.tokensuite.lifecycle.command;

/**
 * token-command answered a 4xx other than 401/403/408/429: this very command can never succeed,
 * so retrying it would block the events behind it forever.
 */
public class CommandRefused extends RuntimeException {

    private final int status;
    private final String detail;

    public CommandRefused(int status, String detail) {
        super("token-command refused the command with " + status + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    /** token-command's problem detail, or null; it never carries a secret. */
    public String detail() {
        return detail;
    }
}

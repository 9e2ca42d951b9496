package org.tokensuite.lifecycle.command;

/**
 * token-command refused the listener's own credential (401/403): a deployment mistake, not a
 * fault of the event, so the event waits (retried) while operators are alerted.
 */
public class CommandUnauthorized extends CommandUnavailable {

    public CommandUnauthorized(int status) {
        super("token-command answered " + status + ": LIFECYCLE_COMMAND_TOKEN is rejected "
                + "(it must be a live token holding users:offboard and users:suspend)", null);
    }

    @Override
    public String reason() {
        return "unauthorized";
    }
}

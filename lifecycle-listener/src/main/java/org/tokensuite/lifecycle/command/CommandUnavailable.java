package org.tokensuite.lifecycle.command;

/** token-command did not accept the command this time (down, overloaded, timed out); try again later. */
public class CommandUnavailable extends RuntimeException {

    public CommandUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short, stable label for metrics. */
    public String reason() {
        return "unavailable";
    }
}

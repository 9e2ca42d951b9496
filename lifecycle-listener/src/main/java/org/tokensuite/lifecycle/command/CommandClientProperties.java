package org.tokensuite.lifecycle.command;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/** Where token-command is and the listener's own token for it. */
@ConfigurationProperties("lifecycle")
public record CommandClientProperties(URI commandUrl, String commandToken, Duration commandTimeout) {

    public CommandClientProperties {
        if (commandUrl == null) {
            throw new IllegalArgumentException("lifecycle.command-url is required");
        }
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(10) : commandTimeout;
        commandToken = commandToken == null ? "" : commandToken.trim();
    }

    // The record's generated toString would print the token; keep it out of every log line.
    @Override
    public String toString() {
        return "CommandClientProperties[commandUrl=" + commandUrl + ", commandToken="
                + (commandToken.isEmpty() ? "<unset>" : "<redacted>") + ", commandTimeout=" + commandTimeout + "]";
    }
}

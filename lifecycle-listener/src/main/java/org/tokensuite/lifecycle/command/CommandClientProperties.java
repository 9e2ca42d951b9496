package org.tokensuite.lifecycle.command;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where token-command is (one URL, or several instances comma-separated, tried in that order) and
 * the listener's own token for it.
 */
@ConfigurationProperties("lifecycle")
public record CommandClientProperties(List<URI> commandUrl, String commandToken, Duration commandTimeout) {

    public CommandClientProperties {
        if (commandUrl == null || commandUrl.stream().noneMatch(Objects::nonNull)) {
            throw new IllegalArgumentException("lifecycle.command-url is required");
        }
        commandUrl = commandUrl.stream().filter(Objects::nonNull).toList();
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

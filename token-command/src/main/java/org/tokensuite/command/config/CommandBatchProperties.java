package org.tokensuite.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tokens.commands.batching.*}: issues, rotations and revocations that arrive while others are being committed
 * are committed together (token-command's README, "Commands committed together").
 *
 * @param enabled       off: every command is its own transaction
 * @param maxSize       at most this many commands share one transaction
 * @param queueCapacity at most this many commands wait for a shared commit; more are handled alone, at once
 */
@ConfigurationProperties("tokens.commands.batching")
public record CommandBatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("32") int maxSize,
        @DefaultValue("256") int queueCapacity) {

    public CommandBatchProperties {
        if (maxSize < 1) {
            throw new IllegalArgumentException("tokens.commands.batching.max-size must be at least 1");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("tokens.commands.batching.queue-capacity must be at least 1");
        }
    }
}

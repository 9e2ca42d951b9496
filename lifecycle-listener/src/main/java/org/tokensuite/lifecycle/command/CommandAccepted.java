package org.tokensuite.lifecycle.command;

/** token-command's 200 answer: the user's state now and how many tokens the command changed. */
public record CommandAccepted(String userId, String state, int affectedTokens) {
}

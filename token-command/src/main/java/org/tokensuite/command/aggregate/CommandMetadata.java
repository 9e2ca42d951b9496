package org.tokensuite.command.aggregate;

/** Metadata keys that command senders attach for the aggregates. */
public final class CommandMetadata {

    /** The caller's scopes, space separated, for commands whose payload carries none (rotation). */
    public static final String ACTOR_SCOPES = "actorScopes";

    private CommandMetadata() {
    }
}

package org.tokensuite.audit.console;

import java.time.Instant;

/**
 * A signed-in auditor, held only in this process's memory: the random id its cookie carries, the
 * token it signed in with (kept here so every request can be checked again; it never goes back to
 * the browser), that token's id and owner, when it began and when it was last used.
 */
final class ConsoleSession {

    private final String id;
    private final String token;
    private final String tokenId;
    private final String ownerId;
    private final Instant createdAt;
    private volatile Instant lastSeenAt;

    ConsoleSession(String id, String token, String tokenId, String ownerId, Instant createdAt) {
        this.id = id;
        this.token = token;
        this.tokenId = tokenId;
        this.ownerId = ownerId;
        this.createdAt = createdAt;
        this.lastSeenAt = createdAt;
    }

    String id() {
        return id;
    }

    String token() {
        return token;
    }

    String tokenId() {
        return tokenId;
    }

    String ownerId() {
        return ownerId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastSeenAt() {
        return lastSeenAt;
    }

    void seen(Instant at) {
        lastSeenAt = at;
    }

    /** Never the token: a session printed in a log must not leak it. */
    @Override
    public String toString() {
        return "ConsoleSession[tokenId=" + tokenId + ", ownerId=" + ownerId + "]";
    }
}

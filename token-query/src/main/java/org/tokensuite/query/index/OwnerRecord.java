package org.tokensuite.query.index;

import java.nio.charset.StandardCharsets;

/**
 * A token owner, shared by all of their tokens: offboarding or leave flips one flag and every
 * token of theirs stops verifying at once, before token-command revokes or suspends each one.
 */
public final class OwnerRecord {

    private final String id;
    /** {@code ,"sub":"<id>"}, ready to copy into a response (user ids need no JSON escaping). */
    private final byte[] subJson;
    private volatile boolean offboarded;
    private volatile boolean onLeave;
    long lastSequence = -1;

    OwnerRecord(String id) {
        this.id = id;
        this.subJson = (",\"sub\":\"" + id + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    public String id() {
        return id;
    }

    public byte[] subJson() {
        return subJson;
    }

    public boolean isOffboarded() {
        return offboarded;
    }

    public boolean isOnLeave() {
        return onLeave;
    }

    public boolean isBlocked() {
        return offboarded || onLeave;
    }

    void offboard() {
        offboarded = true;
    }

    void setOnLeave(boolean value) {
        onLeave = value;
    }
}

package org.tokensuite.query.index;

import java.nio.charset.StandardCharsets;

/**
 * A token owner, shared by all of their tokens: offboarding or leave flips one flag and every
 * token of theirs stops verifying at once, before token-command revokes or suspends each one.
 */
public final class OwnerRecord {

    private final String id;
    /** {@code ,"sub":"<id>"}, ready to copy into a response (JSON-escaped, see {@link JsonText}). */
    private final byte[] subJson;
    private volatile boolean offboarded;
    private volatile boolean onLeave;
    long lastSequence = -1;

    OwnerRecord(String id) {
        this.id = id;
        // Escaped: an event may carry any text as an owner id, and it must not reshape the answer.
        byte[] escaped = JsonText.escaped(id);
        byte[] open = ",\"sub\":\"".getBytes(StandardCharsets.US_ASCII);
        this.subJson = new byte[open.length + escaped.length + 1];
        System.arraycopy(open, 0, subJson, 0, open.length);
        System.arraycopy(escaped, 0, subJson, open.length, escaped.length);
        subJson[subJson.length - 1] = '"';
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

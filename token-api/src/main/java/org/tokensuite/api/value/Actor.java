package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * Who caused a change: the calling token and its owner, or a named part of the system
 * ({@code id} = {@code system:<component>}) for deadlines and HR events.
 */
public record Actor(String id, String ownerId) {

    public Actor {
        Objects.requireNonNull(id, "actor id");
        Objects.requireNonNull(ownerId, "actor owner id");
    }

    public static Actor token(TokenId tokenId, UserId ownerId) {
        return new Actor(tokenId.value(), ownerId.value());
    }

    public static Actor system(String component) {
        return new Actor("system:" + component, "system");
    }

    @JsonIgnore // derived from id; not part of the event's JSON
    public boolean isSystem() {
        return id.startsWith("system:");
    }
}

package org.tokensuite.query.event;

import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenRotationDue;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.platform.event.EventWireFormat;

import java.util.HashMap;
import java.util.Map;

/**
 * The token-api event types token-query reacts to, by their record class (so a renamed or removed event does
 * not compile), known on the wire by the platform's type name ({@code axon-message-type} header).
 */
public enum ChangeType {
    TOKEN_ISSUED(TokenIssued.class),
    TOKEN_SCOPES_CHANGED(TokenScopesChanged.class),
    TOKEN_ROTATED(TokenRotated.class),
    TOKEN_ROTATION_DUE(TokenRotationDue.class),
    TOKEN_REVOKED(TokenRevoked.class),
    TOKEN_EXPIRED(TokenExpired.class),
    TOKEN_SUSPENDED(TokenSuspended.class),
    TOKEN_REINSTATED(TokenReinstated.class),
    USER_OFFBOARDED(UserOffboarded.class),
    USER_LEAVE_STARTED(UserLeaveStarted.class),
    USER_LEAVE_ENDED(UserLeaveEnded.class);

    public static final String EVENT_PACKAGE = EventWireFormat.EVENT_PACKAGE;

    private static final Map<String, ChangeType> BY_TYPE_NAME = new HashMap<>();

    static {
        for (ChangeType type : values()) {
            BY_TYPE_NAME.put(type.className(), type);
        }
    }

    private final Class<? extends TokenEvent> eventType;

    ChangeType(Class<? extends TokenEvent> eventType) {
        this.eventType = eventType;
    }

    public Class<? extends TokenEvent> eventType() {
        return eventType;
    }

    /** The type name on the wire. */
    public String className() {
        return EventWireFormat.typeName(eventType);
    }

    public boolean isUserWide() {
        return this == USER_OFFBOARDED || this == USER_LEAVE_STARTED || this == USER_LEAVE_ENDED;
    }

    /** The type for a wire type name (a fully-qualified event class name), or null for anything else. */
    public static ChangeType ofClassName(String className) {
        return className == null ? null : BY_TYPE_NAME.get(className);
    }
}

package org.tokensuite.query.event;

/** The token-api event types token-query reacts to, named as on the topic's {@code axon-message-type} header. */
public enum ChangeType {
    TOKEN_ISSUED("TokenIssued"),
    TOKEN_SCOPES_CHANGED("TokenScopesChanged"),
    TOKEN_ROTATED("TokenRotated"),
    TOKEN_ROTATION_DUE("TokenRotationDue"),
    TOKEN_REVOKED("TokenRevoked"),
    TOKEN_EXPIRED("TokenExpired"),
    TOKEN_SUSPENDED("TokenSuspended"),
    TOKEN_REINSTATED("TokenReinstated"),
    USER_OFFBOARDED("UserOffboarded"),
    USER_LEAVE_STARTED("UserLeaveStarted"),
    USER_LEAVE_ENDED("UserLeaveEnded");

    public static final String EVENT_PACKAGE = "org.tokensuite.api.event.";

    private final String simpleName;

    ChangeType(String simpleName) {
        this.simpleName = simpleName;
    }

    public String className() {
        return EVENT_PACKAGE + simpleName;
    }

    public boolean isUserWide() {
        return this == USER_OFFBOARDED || this == USER_LEAVE_STARTED || this == USER_LEAVE_ENDED;
    }

    /** The type for a fully-qualified event class name, or null for anything else. */
    public static ChangeType ofClassName(String className) {
        if (className == null || !className.startsWith(EVENT_PACKAGE)) {
            return null;
        }
        String simple = className.substring(EVENT_PACKAGE.length());
        for (ChangeType type : values()) {
            if (type.simpleName.equals(simple)) {
                return type;
            }
        }
        return null;
    }
}

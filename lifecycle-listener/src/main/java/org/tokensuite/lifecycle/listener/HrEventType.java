package org.tokensuite.lifecycle.listener;

import org.tokensuite.lifecycle.command.UserAction;

import java.util.Arrays;
import java.util.Optional;

/** The HR event types the listener acts on, and what each asks of token-command. */
public enum HrEventType {
    OFFBOARDED("hr.employee.offboarded", UserAction.OFFBOARD, "employee offboarded"),
    LEAVE_STARTED("hr.employee.leave_started", UserAction.SUSPEND, "employee leave started"),
    LEAVE_ENDED("hr.employee.leave_ended", UserAction.REINSTATE, "employee leave ended");

    private final String cloudEventType;
    private final UserAction action;
    private final String description;

    HrEventType(String cloudEventType, UserAction action, String description) {
        this.cloudEventType = cloudEventType;
        this.action = action;
        this.description = description;
    }

    public static Optional<HrEventType> of(String cloudEventType) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType.equals(cloudEventType)).findFirst();
    }

    public String cloudEventType() {
        return cloudEventType;
    }

    public UserAction action() {
        return action;
    }

    public String description() {
        return description;
    }
}

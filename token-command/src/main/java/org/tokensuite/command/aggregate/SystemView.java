package org.tokensuite.command.aggregate;

import org.tokensuite.api.value.SystemName;

import java.util.SortedMap;
import java.util.SortedSet;

/** A catalogue system after a command, and what the command did to it. */
public record SystemView(SystemName system, String description, SortedMap<String, String> actions,
                         SortedSet<String> retiredActions, Outcome outcome) {

    public enum Outcome { REGISTERED, CHANGED, UNCHANGED }
}

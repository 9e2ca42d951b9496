package org.tokensuite.query.signal;

import java.util.List;

/**
 * One anomaly rule ({@code tokens.anomaly.<rule>}). A rule judges the kind of activity it
 * understands and finds nothing in the other; a disabled rule finds nothing at all.
 */
public interface AnomalyRule {

    /** The anomalies this rule finds in {@code activity}: none, or one per finding. */
    List<Anomaly> judge(TokenActivity activity);

    /**
     * Whether, as configured, the rule needs to see uses one by one. When no rule does, request
     * threads do not queue uses for detection at all.
     */
    default boolean judgesEachUse() {
        return false;
    }
}

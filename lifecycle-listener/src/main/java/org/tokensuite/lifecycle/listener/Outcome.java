package org.tokensuite.lifecycle.listener;

/** What became of one HR record; the {@code outcome} tag of {@code lifecycle.hr.events}. */
public enum Outcome {
    APPLIED("applied"),
    DUPLICATE("duplicate"),
    SKIPPED_UNKNOWN_TYPE("skipped_unknown_type"),
    DEAD_LETTERED("dead_lettered"),
    /** Aimed at one of the suite's own principals: dead-lettered, never applied. Alert on it. */
    REFUSED_PRINCIPAL("refused_principal");

    private final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}

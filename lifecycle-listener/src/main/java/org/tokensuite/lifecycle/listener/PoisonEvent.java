package org.tokensuite.lifecycle.listener;

/**
 * A record that can never be applied, whatever happens later: it goes to the dead-letter topic.
 * The reason is written for an operator and never quotes the record's content.
 */
public class PoisonEvent extends Exception {

    public PoisonEvent(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}

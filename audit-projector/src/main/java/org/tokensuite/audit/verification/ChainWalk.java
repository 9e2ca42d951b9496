package org.tokensuite.audit.verification;

import org.tokensuite.audit.chain.ChainHash;
import org.tokensuite.audit.chain.ChainedEntry;

/**
 * Checks entries one at a time, in seq order, against the chain rules: seq dense from 1, each
 * prevHash equal to the previous entry's hash (GENESIS for the first), each hash equal to the
 * hash of its own content. Holds only the previous entry, so a walk over any length is constant
 * memory. Stops at the first broken entry.
 */
public final class ChainWalk {

    private long checked;
    private String head = ChainHash.GENESIS;
    private ChainVerification broken;

    /** Returns false once the chain is broken (further entries are ignored). */
    public boolean accept(ChainedEntry content, String storedHash) {
        return accept(content, storedHash, true);
    }

    /**
     * As {@link #accept(ChainedEntry, String)}, for a row whose exact values come from its content:
     * {@code columnsAgree} says whether its searchable columns still hold what the content says.
     */
    public boolean accept(ChainedEntry content, String storedHash, boolean columnsAgree) {
        if (broken != null) {
            return false;
        }
        long expectedSeq = checked + 1;
        if (content.seq() != expectedSeq) {
            broken = ChainVerification.broken(expectedSeq, checked,
                    "expected seq " + expectedSeq + " but found " + content.seq() + " (an entry is missing or inserted)");
        } else if (!head.equals(content.prevHash())) {
            broken = ChainVerification.broken(content.seq(), checked,
                    "prev_hash does not equal the hash of the entry before it");
        } else if (!ChainHash.of(content).equals(storedHash)) {
            broken = ChainVerification.broken(content.seq(), checked,
                    "hash does not match the entry's content");
        } else if (!columnsAgree) {
            broken = ChainVerification.broken(content.seq(), checked,
                    "the entry's columns do not match its recorded content");
        } else {
            checked++;
            head = storedHash;
            return true;
        }
        return false;
    }

    public ChainVerification result() {
        return broken != null ? broken : ChainVerification.intact(checked, head);
    }
}

package org.tokensuite.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of walking the chain: intact with its length and head hash, or the first broken
 * seq with how many entries before it checked out and why it broke.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean ok, Long entries, String head, Long firstBrokenSeq,
                                Long entriesChecked, String reason) {

    public static ChainVerification intact(long entries, String head) {
        return new ChainVerification(true, entries, head, null, null, null);
    }

    public static ChainVerification broken(long seq, long entriesChecked, String reason) {
        return new ChainVerification(false, null, null, seq, entriesChecked, reason);
    }
}

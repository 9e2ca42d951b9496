package org.tokensuite.audit.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.tokensuite.audit.checkpoint.CheckpointStatus;
import org.tokensuite.audit.progress.Backlog;

/**
 * The outcome of walking the chain: intact with its length and head hash, or the first broken
 * seq with how many entries before it checked out and why it broke; and {@code behind}, what was
 * published on the chained topics and is not in the chain yet, so an intact chain is never
 * mistaken for a complete one; and {@code checkpoint}, the chain checked against its signed
 * checkpoints (see CheckpointVerifier).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(boolean ok, Long entries, String head, Long firstBrokenSeq,
                                Long entriesChecked, String reason, CheckpointStatus checkpoint, Backlog behind) {

    public static ChainVerification intact(long entries, String head) {
        return new ChainVerification(true, entries, head, null, null, null, null, null);
    }

    public static ChainVerification broken(long seq, long entriesChecked, String reason) {
        return new ChainVerification(false, null, null, seq, entriesChecked, reason, null, null);
    }

    public ChainVerification withBehind(Backlog backlog) {
        return new ChainVerification(ok, entries, head, firstBrokenSeq, entriesChecked, reason, checkpoint, backlog);
    }

    /** A chain whose checkpoints do not hold is not ok, however well its hashes link. */
    public ChainVerification withCheckpoint(CheckpointStatus status) {
        return new ChainVerification(ok && !status.broken(), entries, head, firstBrokenSeq, entriesChecked, reason,
                status, behind);
    }
}

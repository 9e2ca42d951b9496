package org.tokensuite.audit.verification;

import org.tokensuite.audit.checkpoint.SigningKey;
import org.tokensuite.audit.checkpoint.Checkpoints;
import org.tokensuite.audit.checkpoint.Checkpoint;
import org.tokensuite.audit.checkpoint.CheckpointStatus;
import org.tokensuite.audit.checkpoint.CheckpointKey;
import org.tokensuite.audit.checkpoint.CheckpointMessage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.audit.store.ReadPool;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;

/**
 * Checks every stored checkpoint, streaming, against the keys and the chain: signed by the key
 * valid for its seq and time, the signature verifies, and the entry at its seq still has the
 * signed hash (so an entry rewritten with every later hash recomputed is caught at the next
 * checkpoint), and no checkpoint lies beyond the head (entries cut off the end).
 */
@Component
public class CheckpointVerifier {

    private final Checkpoints checkpoints;
    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public CheckpointVerifier(Checkpoints checkpoints, ReadPool pool) {
        this.checkpoints = checkpoints;
        this.streaming = pool.streaming(1000);
        this.readOnly = pool.readOnly();
    }

    /** {@code walked}: the chain's own verification, which says up to which seq the chain itself holds. */
    public CheckpointStatus verify(ChainVerification walked) {
        long chainIntactThrough = walked.ok() ? walked.entries() : walked.firstBrokenSeq() - 1;
        return readOnly.execute(status -> {
            List<CheckpointKey> keys = checkpoints.keysForReaders();
            Long maxSeq = streaming.queryForObject("SELECT max(seq) FROM audit_entry", Long.class);
            long head = maxSeq == null ? 0 : maxSeq;
            Walk walk = new Walk(keys, head, chainIntactThrough);
            try {
                streaming.query("SELECT c.seq, c.hash, c.signed_at, c.key_id, c.signature, e.hash AS entry_hash"
                        + " FROM audit_checkpoint c LEFT JOIN audit_entry e ON e.seq = c.seq ORDER BY c.seq", rs -> {
                    if (!walk.accept(rs.getLong("seq"), rs.getString("hash"),
                            rs.getObject("signed_at", OffsetDateTime.class).toInstant(), rs.getString("key_id"),
                            rs.getBytes("signature"), rs.getString("entry_hash"))) {
                        throw new StopWalking();
                    }
                });
            } catch (StopWalking stop) {
                // The first broken checkpoint is where trust ends; the newest is still reported.
            }
            Checkpoint latest = Checkpoints.latest(streaming);
            return walk.result(latest);
        });
    }

    /** One pass over the checkpoints in seq order; stops at the first that does not hold. */
    private static final class Walk {
        private final List<CheckpointKey> keys;
        private final long head;
        private final long chainIntactThrough;
        private long trustedUpTo;
        private Long firstBrokenSeq;
        private String reason;

        Walk(List<CheckpointKey> keys, long head, long chainIntactThrough) {
            this.keys = keys;
            this.head = head;
            this.chainIntactThrough = chainIntactThrough;
        }

        boolean accept(long seq, String hash, Instant signedAt, String keyId, byte[] signature, String entryHash) {
            int k = keyFor(seq);
            CheckpointKey key = k < 0 ? null : keys.get(k);
            Instant validUntil = k >= 0 && k + 1 < keys.size() ? keys.get(k + 1).activatedAt() : null;
            if (key == null || !key.keyId().equals(keyId.trim())) {
                return broken(seq, "checkpoint " + seq + " is signed by key " + keyId.trim()
                        + ", but " + (key == null ? "no key" : "key " + key.keyId()) + " was valid for it");
            }
            if (signedAt.isBefore(key.activatedAt()) || (validUntil != null && !signedAt.isBefore(validUntil))) {
                return broken(seq, "checkpoint " + seq + " was signed at a time its key was not valid");
            }
            if (!SigningKey.verifies(key.publicKey(), CheckpointMessage.of(seq, hash, signedAt), signature)) {
                return broken(seq, "the signature of checkpoint " + seq + " does not verify");
            }
            if (entryHash == null) {
                if (seq > head) {
                    return broken(head + 1, "entries " + (head + 1) + ".." + seq + " were removed from the end"
                            + " (checkpoint " + seq + " signs them; the chain ends at " + head + ")");
                }
                return broken(seq, "the entry at checkpoint " + seq + " is missing");
            }
            if (!entryHash.equals(hash)) {
                return broken(seq, "the entry at seq " + seq + " no longer has the hash checkpoint " + seq + " signed:"
                        + " an entry in " + (trustedUpTo + 1) + ".." + seq + " was changed");
            }
            if (seq <= chainIntactThrough) {
                trustedUpTo = seq;
            }
            return true;
        }

        private int keyFor(long seq) {
            int found = -1;
            for (int i = 0; i < keys.size(); i++) {
                if (keys.get(i).firstSeq() <= seq) {
                    found = i;
                }
            }
            return found;
        }

        private boolean broken(long seq, String why) {
            firstBrokenSeq = seq;
            reason = why;
            return false;
        }

        CheckpointStatus result(Checkpoint latest) {
            if (latest == null) {
                return new CheckpointStatus(CheckpointStatus.NONE, null, null, head, 0, null, null);
            }
            long unsignedTail = Math.max(0, head - latest.seq());
            return new CheckpointStatus(firstBrokenSeq == null ? CheckpointStatus.OK : CheckpointStatus.BROKEN,
                    latest.seq(), latest.signedAt(), unsignedTail, trustedUpTo, firstBrokenSeq, reason);
        }
    }

    private static final class StopWalking extends RuntimeException {
        StopWalking() {
            super(null, null, false, false);
        }
    }
}

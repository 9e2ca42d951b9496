package org.tokensuite.audit.checkpoint;

import java.time.Instant;

/** A public key as recorded: valid for checkpoints from {@code firstSeq} and {@code activatedAt} until the next key's. */
public record CheckpointKey(String keyId, byte[] publicKey, Instant activatedAt, long firstSeq) {
}

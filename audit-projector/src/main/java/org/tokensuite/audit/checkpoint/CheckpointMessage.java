package org.tokensuite.audit.checkpoint;

import org.tokensuite.audit.chain.ChainHash;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The exact bytes a checkpoint's signature covers (ASCII, no trailing newline):
 * {@code "tokensuite-audit-checkpoint\n" + seq + "\n" + hash + "\n" + signedAt}, seq in decimal,
 * hash the entry's 64 lowercase hex digits, signedAt as {@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}
 * (UTC, always six fraction digits, as the API writes it).
 */
public final class CheckpointMessage {

    public static final String PREFIX = "tokensuite-audit-checkpoint";

    private CheckpointMessage() {
    }

    public static byte[] of(long seq, String hash, Instant signedAt) {
        return (PREFIX + "\n" + seq + "\n" + hash + "\n" + ChainHash.formatInstant(signedAt))
                .getBytes(StandardCharsets.US_ASCII);
    }
}

package org.tokensuite.audit.checkpoint;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.time.Instant;

/** A signed statement that the chain's entry {@code seq} had hash {@code hash} at {@code signedAt}; signature in base64. */
public record Checkpoint(long seq, String hash,
                         @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", timezone = "UTC")
                         Instant signedAt,
                         String keyId, String signature) {
}

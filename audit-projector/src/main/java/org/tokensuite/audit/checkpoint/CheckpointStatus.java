package org.tokensuite.audit.checkpoint;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The chain checked against its signed checkpoints: {@code ok}, {@code broken} (a signature
 * that does not verify, a checkpoint whose entry now has another hash, or checkpoints beyond
 * the head: entries removed from the end) or {@code none} (nothing signed yet).
 * {@code trustedUpTo} is the newest checkpoint seq up to which every checkpoint and the chain
 * check out; {@code unsignedTail} the entries after the newest checkpoint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointStatus(String status, Long latestSeq,
                               @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", timezone = "UTC")
                               Instant latestAt,
                               long unsignedTail, long trustedUpTo, Long firstBrokenSeq, String reason) {

    public static final String OK = "ok";
    public static final String BROKEN = "broken";
    public static final String NONE = "none";

    public boolean broken() {
        return BROKEN.equals(status);
    }
}

package org.tokensuite.audit.checkpoint;

/** The newest entry of the chain (seq 0 and no hash when it is empty). */
public record ChainHead(long seq, String hash) {
}

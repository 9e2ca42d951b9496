package org.tokensuite.audit.projection;

/**
 * Told of every entry the writer appends, inside the same transaction (the checkpoint signer): an
 * interface here so that the writer need not know who listens.
 */
public interface AppendedEntries {

    void afterAppend(long seq, String hash);
}

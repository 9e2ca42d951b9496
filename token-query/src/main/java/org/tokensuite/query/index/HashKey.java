package org.tokensuite.query.index;

/**
 * The first 128 bits of a secret's SHA-256, as the index's map key. Two longs instead of a hex
 * string keep an entry small (1 M tokens must fit a 512 MB heap). Fields are mutable only so a
 * per-thread probe can be reused for lookups without allocating; stored keys never change.
 */
public class HashKey {

    long hi;
    long lo;

    HashKey() {
    }

    HashKey(long hi, long lo) {
        this.hi = hi;
        this.lo = lo;
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof HashKey key && key.hi == hi && key.lo == lo;
    }

    @Override
    public final int hashCode() {
        // SHA-256 output is uniformly distributed: any 32 bits make a good hash code.
        return (int) hi;
    }
}

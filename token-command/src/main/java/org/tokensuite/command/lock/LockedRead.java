package org.tokensuite.command.lock;

import org.springframework.jdbc.core.RowMapper;

import java.util.Arrays;
import java.util.List;

/**
 * A transaction-scoped advisory lock and the read it guards: what {@link LockThenRead} sends. Two are the same
 * locked read when their statements and parameters are (the row mapper aside), which is how a read answered ahead
 * of time ({@link LockThenRead#readAhead}) is found again by the code that asks for it.
 *
 * @param lock     the statement that takes the lock (its rows are ignored)
 * @param lockArgs its parameters, in order
 * @param read     the statement that reads, after the lock
 * @param readArgs its parameters, in order
 * @param rows     what each row of the read becomes
 * @param <T>      a row of the read
 */
public record LockedRead<T>(String lock, List<?> lockArgs, String read, List<?> readArgs, RowMapper<T> rows) {

    public LockedRead {
        lockArgs = List.copyOf(lockArgs);
        readArgs = List.copyOf(readArgs);
    }

    @Override
    public boolean equals(Object other) {
        // Parameters may be arrays (a list of keys): compared by content, not identity.
        return other instanceof LockedRead<?> that && lock.equals(that.lock) && read.equals(that.read)
                && Arrays.deepEquals(lockArgs.toArray(), that.lockArgs.toArray())
                && Arrays.deepEquals(readArgs.toArray(), that.readArgs.toArray());
    }

    @Override
    public int hashCode() {
        return 31 * (31 * lock.hashCode() + read.hashCode()) + Arrays.deepHashCode(lockArgs.toArray())
                + 7 * Arrays.deepHashCode(readArgs.toArray());
    }

    @Override
    public String toString() {
        // The parameters are owner ids and system names, never secrets; still, a read is named by its SQL only.
        return "LockedRead[" + lock + "; " + read + "]";
    }
}

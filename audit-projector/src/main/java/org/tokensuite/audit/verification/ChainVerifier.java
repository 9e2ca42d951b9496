package org.tokensuite.audit.verification;

import org.tokensuite.audit.chain.ChainedEntry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tokensuite.audit.projection.AuditRows;
import org.tokensuite.audit.store.ReadPool;

/** Recomputes the whole chain from the database, streaming, so any length verifies in constant memory. */
@Component
public class ChainVerifier {

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    public ChainVerifier(ReadPool pool) {
        // PostgreSQL streams a result set with a cursor only inside a transaction with a fetch size.
        this.streaming = pool.streaming(1000);
        this.readOnly = pool.readOnly();
    }

    public ChainVerification verify() {
        return readOnly.execute(status -> {
            ChainWalk walk = new ChainWalk();
            try {
                streaming.query(AuditRows.SELECT_COLUMNS + " ORDER BY seq", rs -> {
                    ChainedEntry entry = AuditRows.chained(rs);
                    if (!walk.accept(entry, rs.getString("hash"), AuditRows.columnsAgree(rs, entry))) {
                        throw new StopWalking();
                    }
                });
            } catch (StopWalking stop) {
                // The first break is the answer; the rest of the log need not be read.
            }
            return walk.result();
        });
    }

    private static final class StopWalking extends RuntimeException {
        StopWalking() {
            super(null, null, false, false);
        }
    }
}

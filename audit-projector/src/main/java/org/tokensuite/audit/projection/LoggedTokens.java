package org.tokensuite.audit.projection;

import org.springframework.stereotype.Component;
import org.tokensuite.platform.freshness.WakeUps;

import java.util.Collection;

/**
 * Tells readers waiting for a version of a token (a read with {@code X-Not-Older-Than}) that this instance's
 * audit-log processor has committed entries of that token, so they look again at once instead of at their
 * next recheck. Only a hint: what a reader decides on is what it reads from the log.
 */
@Component
public class LoggedTokens {

    private final WakeUps wakeUps = new WakeUps();

    /** Runs {@code wake} once, after the next commit of entries of {@code tokenId}; close to stop waiting. */
    public WakeUps.Registration onNextEntry(String tokenId, Runnable wake) {
        return wakeUps.onNextChange(tokenId, wake);
    }

    /** Called after the transaction that appended entries of these tokens committed. */
    void committed(Collection<String> tokenIds) {
        wakeUps.changed(tokenIds);
    }
}

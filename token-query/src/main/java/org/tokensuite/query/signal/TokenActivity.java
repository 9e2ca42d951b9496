package org.tokensuite.query.signal;

import org.tokensuite.query.index.TokenRecord;

import java.time.Instant;

/**
 * What the anomaly rules judge: one use of a token (seen on a request thread, judged on the
 * detection thread), or one token's counts in a flushed usage window (judged on the flush thread).
 */
public sealed interface TokenActivity {

    TokenRecord token();

    /**
     * One use of a token.
     *
     * @param source         the address it was used from (null when none)
     * @param previousMillis this instance's previous use of the token, 0 when it saw none
     */
    record Use(TokenRecord token, String source, long previousMillis, long nowMillis) implements TokenActivity {
    }

    /**
     * One token's counts in one usage window.
     *
     * @param minute            the minute the window's uses are counted in
     * @param uses              uses in the window (0: the rate figures below did not move)
     * @param observedPerMinute uses this instance counted in {@code minute} so far
     * @param baselinePerMinute the token's moving average per minute over the minutes before
     * @param watchedMinutes    how long this instance has been watching the token
     * @param lastSource        the address of the latest use (null when none)
     * @param outsideAttempts   presentations from outside the token's allowedCidrs in the window
     * @param outsideSource     the address of the latest of them
     * @param at                when the window was flushed
     */
    record Window(TokenRecord token, Instant minute, long uses, long observedPerMinute, double baselinePerMinute,
                  long watchedMinutes, String lastSource, long outsideAttempts, String outsideSource, Instant at)
            implements TokenActivity {
    }
}

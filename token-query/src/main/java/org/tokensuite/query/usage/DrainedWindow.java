package org.tokensuite.query.usage;

import org.tokensuite.query.index.TokenRecord;
import org.tokensuite.query.signal.TokenActivity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one usage window held, taken out of the {@link UsageWindow}.
 *
 * @param rows      per token used (or with scopes checked): what is stored and summarised
 * @param refusals  the TokenUseRefused now due, per token
 * @param activity  per token used or presented from outside its allowedCidrs: what the anomaly rules judge
 * @param usesTaken the uses taken from each tally, to put back when the window cannot be stored
 */
record DrainedWindow(Instant start, Instant end, List<UsageRow> rows, List<Refusal> refusals,
                     List<TokenActivity.Window> activity, Map<UsageCell, Long> usesTaken) {

    /** Refused presentations of one token since its last TokenUseRefused; {@code reason} and {@code source} are the latest. */
    record Refusal(TokenRecord token, String reason, String source, long attempts,
                   Instant firstAttemptAt) {
    }
}

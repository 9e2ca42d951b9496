package org.tokensuite.api.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;

/**
 * A secret scanner found this token's secret ({@code supersededSecret}: one it had before a rotation) in the
 * open: at {@code url}, reported by {@code source} as {@code type}. The secret itself never travels.
 */
public record ReportTokenLeak(
        @TargetAggregateIdentifier TokenId tokenId,
        boolean supersededSecret,
        String type,
        String url,
        String source,
        Actor actor,
        Cause cause) {

    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_LABEL_LENGTH = 100;
}

package org.tokensuite.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The answer of {@code POST /v1/revocations}: what the selector takes (dry run) or took (execution). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationOutcome(boolean dryRun, int count, List<String> tokenIds, String fingerprint, String correlationId) {

    static RevocationOutcome dryRun(int count, List<String> tokenIds, String fingerprint) {
        return new RevocationOutcome(true, count, tokenIds, fingerprint, null);
    }

    static RevocationOutcome executed(int count, List<String> tokenIds, String fingerprint, String correlationId) {
        return new RevocationOutcome(false, count, tokenIds, fingerprint, correlationId);
    }
}

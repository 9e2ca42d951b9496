package org.tokensuite.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The answer of {@code POST /v1/revocations}: what the selector takes (dry run) or took (execution). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevocationResponses(boolean dryRun, int count, List<String> tokenIds, String fingerprint, String correlationId) {

    static RevocationResponses dryRun(int count, List<String> tokenIds, String fingerprint) {
        return new RevocationResponses(true, count, tokenIds, fingerprint, null);
    }

    static RevocationResponses executed(int count, List<String> tokenIds, String fingerprint, String correlationId) {
        return new RevocationResponses(false, count, tokenIds, fingerprint, correlationId);
    }
}

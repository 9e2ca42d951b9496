package org.tokensuite.command.web;

import org.springframework.http.ResponseEntity;
import org.tokensuite.platform.freshness.TokenVersionHeaders;

/**
 * The token's version in every token command's answer ({@value #HEADER}): the aggregate sequence number of
 * the token's newest event once the command is applied, as the aggregate itself reports it (no look-up). token-query's
 * {@code GET /v1/tokens/{id}} with {@code X-Not-Older-Than: <version>} waits until its view has reached it, and
 * audit-projector's {@code GET /v1/audit/events?tokenId=} until its log has recorded it (read-your-writes). Issuing answers 0: {@code TokenIssued} is the token's first event. A command that changed
 * nothing answers the version the token already had.
 */
public final class TokenVersions {

    public static final String HEADER = TokenVersionHeaders.TOKEN_VERSION;
    public static final String DESCRIPTION = "the token's version after this command (the sequence number of its "
            + "newest event); send it as X-Not-Older-Than to token-query's GET /v1/tokens/{id}, or to audit-projector's "
            + "GET /v1/audit/events?tokenId={id}, to read this write";
    /** The version of a token just issued: its first event. */
    static final long ISSUED = 0;

    private TokenVersions() {
    }

    /** {@code answer} with the token's version after the command. */
    static <T> ResponseEntity<T> withVersion(long version, ResponseEntity.BodyBuilder answer, T body) {
        return answer.header(HEADER, Long.toString(version)).body(body);
    }
}

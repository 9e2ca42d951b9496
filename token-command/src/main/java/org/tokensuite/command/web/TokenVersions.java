package org.tokensuite.command.web;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.TokenId;

/**
 * The token's version in every token command's answer ({@value #HEADER}): the aggregate sequence number of
 * the token's newest event once the command has committed. token-query's {@code GET /v1/tokens/{id}} with
 * {@code X-Not-Older-Than: <version>} waits until its view has reached it (read-your-writes).
 * <p>
 * Issuing needs no look-up: {@code TokenIssued} is the token's first event, number 0. Any other command reads
 * the newest number from the event store after its commit (one indexed query); a command that changed nothing
 * answers the version the token already had, and one that raced a concurrent command on the same token may
 * answer the later version, which includes its own change: never an older one.
 */
@Component
public class TokenVersions {

    public static final String HEADER = "X-Token-Version";
    public static final String DESCRIPTION = "the token's version after this command (the sequence number of its "
            + "newest event); send it as X-Not-Older-Than to token-query's GET /v1/tokens/{id} to read this write";
    /** The version of a token just issued: its first event. */
    static final long ISSUED = 0;

    private final EventStore events;

    public TokenVersions(EventStore events) {
        this.events = events;
    }

    /** {@code answer} with the token's current version, read after the command committed. */
    <T> ResponseEntity<T> withVersion(TokenId tokenId, ResponseEntity.BodyBuilder answer, T body) {
        events.lastSequenceNumberFor(tokenId.value()).ifPresent(version -> answer.header(HEADER, Long.toString(version)));
        return answer.body(body);
    }
}

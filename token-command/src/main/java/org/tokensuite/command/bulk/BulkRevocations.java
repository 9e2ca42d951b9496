package org.tokensuite.command.bulk;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.policy.RevocationSelector;
import org.tokensuite.command.revocation.TokenRevocations;
import org.tokensuite.command.rule.TokenStateConflict;
import org.tokensuite.command.user.TokenSelection;

import java.util.List;

/**
 * Revocation by selector (incident response): a dry run names what a selector takes within the caller's reach and
 * its fingerprint; an execution takes the same selection again and revokes it only if it is still what the operator
 * saw (the expected count, and the fingerprint when given): otherwise 409 and nothing changes. The tokens are
 * revoked in chunks ({@link TokenRevocations#revokeConcurrently}), a few chunks at a time, all under one correlation id.
 */
@Component
public class BulkRevocations {

    private static final Logger log = LoggerFactory.getLogger(BulkRevocations.class);

    private final TokenSelection selection;
    private final TokenRevocations revocations;

    public BulkRevocations(TokenSelection selection, TokenRevocations revocations) {
        this.selection = selection;
        this.revocations = revocations;
    }

    /** What a selector takes now: ids in ascending order, and their fingerprint. */
    public record Selection(List<String> tokenIds, String fingerprint) {

        public int count() {
            return tokenIds.size();
        }
    }

    public Selection select(RevocationSelector selector, TokenSelection.Reach reach) {
        List<String> ids = selection.select(selector, reach);
        return new Selection(ids, RevocationSelector.fingerprint(ids));
    }

    /**
     * Revokes what {@code selector} takes, provided it is {@code expectedCount} tokens (and, when given, has
     * {@code expectedFingerprint}); 409 ({@link TokenStateConflict}) and nothing revoked otherwise.
     */
    public Selection revoke(RevocationSelector selector, TokenSelection.Reach reach, int expectedCount,
                            String expectedFingerprint, Actor actor, Cause cause) {
        Selection now = select(selector, reach);
        if (now.count() != expectedCount) {
            throw new TokenStateConflict("the selector now matches " + now.count() + " tokens, not the expected "
                    + expectedCount + ": nothing was revoked; run the dry run again");
        }
        if (expectedFingerprint != null && !expectedFingerprint.equals(now.fingerprint())) {
            throw new TokenStateConflict("the selector now matches other tokens than the expected fingerprint's: "
                    + "nothing was revoked; run the dry run again");
        }
        long started = System.nanoTime();
        int chunks = revocations.revokeConcurrently(now.tokenIds().stream().map(TokenId::new).toList(), actor, cause);
        log.info("bulk revocation {}: {} tokens in {} chunks, {} ms", cause.correlationId(), now.count(), chunks,
                (System.nanoTime() - started) / 1_000_000);
        return now;
    }
}

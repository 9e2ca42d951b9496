package org.tokensuite.command.web;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.command.user.TokenLineage;
import org.tokensuite.platform.security.Caller;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Revokes what a revoked token issued, transitively: one step for a compromised issuer. Every revocation carries
 * the request's correlation id, so the audit log shows them as one. Only tokens within the caller's reach are
 * revoked (and named in the answer); the others are left alone and not mentioned. A token issued by a lineage
 * member while the walk ran is caught by walking again until nothing new turns up.
 */
@Component
class LineageRevocation {

    /** Walks after the first: a revoked issuer stops issuing within the caller cache's TTL, so one more suffices. */
    private static final int MAX_WALKS = 3;

    private final TokenLineage lineage;
    private final TokenReach reach;
    private final CommandGateway commands;

    LineageRevocation(TokenLineage lineage, TokenReach reach, CommandGateway commands) {
        this.lineage = lineage;
        this.reach = reach;
        this.commands = commands;
    }

    /** Revokes the live descendants of {@code root} (already revoked) within reach; answers their ids in order. */
    List<String> revokeDescendants(Caller caller, TokenId root, Cause rootCause) {
        Cause cause = new Cause(describe(root, rootCause), rootCause.correlationId());
        Set<TokenId> seen = new LinkedHashSet<>();
        List<String> revoked = new ArrayList<>();
        for (int walk = 0; walk < MAX_WALKS; walk++) {
            List<TokenId> found = lineage.liveDescendants(root).stream().filter(seen::add).toList();
            if (found.isEmpty()) {
                break;
            }
            for (TokenId token : found) {
                if (reach.reaches(caller, token)) {
                    commands.sendAndWait(new RevokeToken(token, caller.actor(), cause));
                    revoked.add(token.value());
                }
            }
        }
        return revoked;
    }

    private static String describe(TokenId root, Cause rootCause) {
        String because = rootCause.reason() == null ? "" : ": " + rootCause.reason();
        String text = "issued by the revoked token " + root.value() + because;
        return Cause.fitted(text);
    }
}

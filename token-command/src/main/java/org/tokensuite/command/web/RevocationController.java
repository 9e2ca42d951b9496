package org.tokensuite.command.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.bulk.BulkRevocations;
import org.tokensuite.command.policy.ReachPolicy;
import org.tokensuite.command.policy.RevocationSelector;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.user.TokenSelection;
import org.tokensuite.platform.security.Caller;

import java.util.UUID;

/**
 * Incident response at scale: revoke every live token a selector takes, within the caller's reach, after a dry run
 * showed what that is. The execution must name the dry run's count (and may name its fingerprint): if the selection
 * changed since, 409 and nothing is revoked. Every revocation carries one correlation id ({@code bulk:<uuid>}, or the
 * request's {@code X-Correlation-Id}) and a reason that shows the selector, so the audit log shows the step as one.
 */
@Tag(name = "revocations", description = "Revoke many tokens at once by selector (incident response).")
@RestController
@RequestMapping(path = "/v1/revocations", produces = MediaType.APPLICATION_JSON_VALUE)
public class RevocationController {

    private final BulkRevocations revocations;
    private final ReachPolicy reachPolicy;

    public RevocationController(BulkRevocations revocations, ReachPolicy reachPolicy) {
        this.revocations = revocations;
        this.reachPolicy = reachPolicy;
    }

    @Operation(operationId = "revokeBySelector", summary = "Revoke every live token a selector takes (dry run first)",
            description = "Needs tokens:revoke; a selector with neither owner nor issuedBy needs tokens:admin too. Only "
                    + "tokens within the caller's reach are counted and revoked. dryRun: true changes nothing and answers "
                    + "the count, the ids and their fingerprint; dryRun: false needs expectedCount (and may give "
                    + "expectedFingerprint) and answers 409, revoking nothing, when the selection is no longer that.")
    @ApiResponse(responseCode = "200", description = "the selection (dry run) or the tokens revoked (execution)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public RevocationOutcome revoke(@RequestBody RevocationRequests.SelectorRevocation body,
                                      @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                      @AuthenticationPrincipal Caller caller) {
        RevocationSelector selector = selector(body.selector());
        if (body.dryRun() == null) {
            throw new InvalidRequest("dryRun is required: true to see what the selector takes, false to revoke it");
        }
        if (selector.needsAdmin() && !reachPolicy.reachesEveryToken(caller.scopes())) {
            throw new TokenAccessDenied("a selector with neither owner nor issuedBy needs scope " + CommandAccess.ADMIN.value());
        }
        TokenSelection.Reach reach = new TokenSelection.Reach(caller.ownerId(), caller.tokenId(),
                reachPolicy.reachesEveryToken(caller.scopes()));
        if (body.dryRun()) {
            RequestValues.text("reason", body.reason(), Cause.MAX_REASON_LENGTH);
            BulkRevocations.Selection selection = revocations.select(selector, reach);
            return RevocationOutcome.dryRun(selection.count(), selection.tokenIds(), selection.fingerprint());
        }
        if (body.expectedCount() == null) {
            throw new InvalidRequest("expectedCount is required when dryRun is false: the count of the dry run");
        }
        if (body.expectedCount() < 0) {
            throw new InvalidRequest("expectedCount must not be negative");
        }
        Cause requested = RequestValues.cause(body.reason(), null,
                correlationId == null || correlationId.isBlank() ? "bulk:" + UUID.randomUUID() : correlationId);
        Cause cause = new Cause(describe(selector, requested.reason()), requested.correlationId());
        BulkRevocations.Selection revoked = revocations.revoke(selector, reach, body.expectedCount(),
                body.expectedFingerprint(), caller.actor(), cause);
        return RevocationOutcome.executed(revoked.count(), revoked.tokenIds(), revoked.fingerprint(), cause.correlationId());
    }

    /** The reason each revocation records: the selector, canonical, then the caller's reason. */
    static String describe(RevocationSelector selector, String reason) {
        String text = "bulk revocation [" + selector.canonical() + "]" + (reason == null ? "" : ": " + reason);
        return text.length() <= Cause.MAX_REASON_LENGTH ? text : text.substring(0, Cause.MAX_REASON_LENGTH - 1) + "…";
    }

    private static RevocationSelector selector(RevocationRequests.TokenSelector body) {
        if (body == null) {
            throw new InvalidRequest("selector is required");
        }
        UserId owner = body.owner() == null ? null : RequestValues.userId(body.owner(), "selector.owner");
        TokenId issuedBy = null;
        if (body.issuedBy() != null) {
            if (!TokenId.isValid(body.issuedBy())) {
                throw new InvalidRequest("selector.issuedBy: not a token id");
            }
            issuedBy = new TokenId(body.issuedBy());
        }
        if (body.name() != null) {
            RequestValues.text("selector.name", body.name(), RevocationSelector.MAX_PATTERN_LENGTH);
        }
        try {
            RevocationSelector selector = new RevocationSelector(owner, body.scope(), issuedBy, body.issuedBefore(),
                    body.issuedAfter(), body.notUsedSince(), state(body.state()), body.name());
            if (selector.isEmpty()) {
                throw new InvalidRequest("selector: give at least one of owner, scope, issuedBy, issuedBefore, "
                        + "issuedAfter, notUsedSince, state, name");
            }
            return selector;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    private static TokenState state(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "active" -> TokenState.ACTIVE;
            case "suspended" -> TokenState.SUSPENDED;
            default -> throw new InvalidRequest("selector.state must be active or suspended");
        };
    }
}

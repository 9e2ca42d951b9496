package org.tokensuite.command.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.command.ChangeTokenScopes;
import org.tokensuite.api.command.IssueToken;
import org.tokensuite.api.command.ReinstateToken;
import org.tokensuite.api.command.RevokeToken;
import org.tokensuite.api.command.RotateToken;
import org.tokensuite.api.command.SuspendToken;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.RotationPolicy;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.command.batch.CommandBatches;
import org.tokensuite.command.aggregate.CommandMetadata;
import org.tokensuite.command.aggregate.RotationResult;
import org.tokensuite.command.aggregate.Token;
import org.tokensuite.command.aggregate.TokenView;
import org.tokensuite.command.config.TokenPolicyProperties;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.policy.DelegationPolicy;
import org.tokensuite.command.policy.ExpiryPolicy;

import org.tokensuite.platform.security.Caller;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedSet;

/**
 * The token commands over HTTP. Secrets are generated here, shown once in the response and
 * handed on only as hash and hint. Commands are sent synchronously so the answer reflects the
 * outcome.
 */
@Tag(name = "tokens", description = "Issue and manage tokens. A caller manages a token only within its reach "
        + "(tokens:admin, its own owner id, or a token it issued); out of reach answers 404 like an unknown id.")
@RestController
@RequestMapping(path = "/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
public class TokenController {


    private final CommandGateway commands;
    private final CommandBatches batches;
    private final TokenSecrets secrets;
    private final Clock clock;
    private final Duration defaultRotationOverlap;
    private final ExpiryPolicy expiryPolicy;
    private final DelegationPolicy delegation;
    private final TokenReach reach;
    private final LineageRevocation lineageRevocation;

    public TokenController(CommandGateway commands, CommandBatches batches, TokenSecrets secrets, Clock clock, TokenPolicyProperties policy,
                           ExpiryPolicy expiryPolicy, DelegationPolicy delegation, TokenReach reach,
                           LineageRevocation lineageRevocation) {
        this.commands = commands;
        this.batches = batches;
        this.secrets = secrets;
        this.clock = clock;
        this.defaultRotationOverlap = policy.defaultRotationOverlap();
        this.expiryPolicy = expiryPolicy;
        this.delegation = delegation;
        this.reach = reach;
        this.lineageRevocation = lineageRevocation;
    }

    @Operation(operationId = "issueToken", summary = "Issue a token",
            description = "Needs tokens:issue and every scope granted; tokens:delegate too for another owner id. "
                    + "The secret is in this response only (Cache-Control: no-store).")
    @ApiResponse(responseCode = "201", description = "issued: the token's id and its secret, shown this once",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenResponses.Issued> issue(@RequestBody TokenRequests.Issue body,
                                                       @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                       @AuthenticationPrincipal Caller caller) {
        UserId owner = RequestValues.userId(body.ownerId(), "ownerId");
        if (!delegation.mayIssueFor(caller.ownerId(), caller.scopes(), owner)) {
            throw new TokenAccessDenied("issuing a token for another owner id needs scope " + DelegationPolicy.DELEGATE.value());
        }
        String name = RequestValues.text("name", body.name(), Token.MAX_NAME_LENGTH);
        SortedSet<Scope> scopes = RequestValues.scopes(body.scopes());
        Instant expiresAt = expiry(body.ttl(), body.expiresAt());
        RotationPolicy rotation = rotation(body.rotation());
        Cause cause = RequestValues.cause(body.reason(), null, correlationId);

        String secret = secrets.generate();
        TokenId tokenId = TokenId.random();
        batches.send(new IssueToken(tokenId, owner, name, scopes, TokenSecrets.hash(secret),
                TokenSecrets.hint(secret), body.notBefore(), expiresAt, RequestValues.cidrs(body.allowedCidrs()),
                rotation, caller.scopes(), caller.actor(), cause));
        return TokenVersions.withVersion(TokenVersions.ISSUED,
                ResponseEntity.created(URI.create("/v1/tokens/" + tokenId.value())).cacheControl(CacheControl.noStore()),
                new TokenResponses.Issued(tokenId.value(), secret, owner.value(), RequestValues.values(scopes), expiresAt));
    }

    @Operation(operationId = "changeTokenScopes", summary = "Replace a token's scopes",
            description = "Needs tokens:issue and every old and new scope.")
    @ApiResponse(responseCode = "200", description = "the token after the command",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PutMapping(path = "/{id}/scopes", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenView> changeScopes(@PathVariable("id") String id, @RequestBody TokenRequests.ChangeScopes body,
                                  @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                  @AuthenticationPrincipal Caller caller) {
        TokenId tokenId = tokenId(id);
        reach.require(caller, tokenId);
        SortedSet<Scope> scopes = RequestValues.scopes(body.scopes());
        TokenView token = commands.sendAndWait(new ChangeTokenScopes(tokenId, scopes, caller.scopes(), caller.actor(),
                RequestValues.cause(body.reason(), null, correlationId)));
        return TokenVersions.withVersion(token.version(), ResponseEntity.ok(), token);
    }

    /** Allowed with tokens:issue, or to the token itself (its holder presents it). */
    @Operation(operationId = "rotateToken", summary = "Rotate a token's secret",
            description = "By the token itself, or with tokens:issue and every scope of the token. The previous secret "
                    + "keeps verifying until the overlap ends; the new one is in this response only.")
    @ApiResponse(responseCode = "200", description = "rotated: the new secret, shown this once",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PostMapping(path = "/{id}/rotate")
    public ResponseEntity<TokenResponses.Rotated> rotate(@PathVariable("id") String id,
                                                         @RequestBody(required = false) TokenRequests.Rotate body,
                                                         @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                                                         @AuthenticationPrincipal Caller caller) {
        TokenId tokenId = tokenId(id);
        if (!caller.tokenId().equals(tokenId)) {
            if (!caller.holds(CommandAccess.ISSUE)) {
                throw new TokenAccessDenied("rotating another token needs scope " + CommandAccess.ISSUE.value());
            }
            reach.require(caller, tokenId);
        }
        TokenRequests.Rotate rotate = body == null ? new TokenRequests.Rotate(null, null) : body;
        if (rotate.overlap() != null && rotate.overlap().isNegative()) {
            throw new InvalidRequest("overlap must not be negative");
        }
        String secret = secrets.generate();
        RotateToken command = new RotateToken(tokenId, TokenSecrets.hash(secret), TokenSecrets.hint(secret),
                rotate.overlap(), caller.actor(), RequestValues.cause(rotate.reason(), null, correlationId));
        RotationResult result = batches.send(withCallerScopes(command, caller));
        return TokenVersions.withVersion(result.version(), ResponseEntity.ok().cacheControl(CacheControl.noStore()),
                new TokenResponses.Rotated(result.tokenId(), secret, result.expiresAt(), result.previousValidUntil()));
    }

    @Operation(operationId = "revokeToken", summary = "Revoke a token for good",
            description = "Needs tokens:revoke. With descendants: true, every token it issued, transitively, is revoked "
                    + "too (those within the caller's reach), with the same correlation id; the answer lists them in "
                    + "descendantsRevoked.")
    @ApiResponse(responseCode = "200", description = "the token after the command",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PostMapping(path = "/{id}/revoke")
    public ResponseEntity<TokenResponses.Revoked> revoke(@PathVariable("id") String id, @RequestBody(required = false) TokenRequests.Revoke body,
                            @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                            @AuthenticationPrincipal Caller caller) {
        TokenId tokenId = tokenId(id);
        reach.require(caller, tokenId);
        String reason = body == null ? null : body.reason();
        Cause cause = RequestValues.cause(reason, null, correlationId);
        TokenView token = batches.send(new RevokeToken(tokenId, caller.actor(), cause));
        List<String> descendants = body != null && body.withDescendants()
                ? lineageRevocation.revokeDescendants(caller, tokenId, cause) : null;
        return TokenVersions.withVersion(token.version(), ResponseEntity.ok(), new TokenResponses.Revoked(token, descendants));
    }

    /**
     * Puts one token on hold while an operator investigates. It stays suspended until reinstated
     * here, whatever its owner's leave does. Suspending a suspended, revoked or expired token is
     * not an error: it does not verify either way.
     */
    @Operation(operationId = "suspendToken", summary = "Suspend a token until it is reinstated",
            description = "Needs tokens:revoke.")
    @ApiResponse(responseCode = "200", description = "the token after the command",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PostMapping(path = "/{id}/suspend")
    public ResponseEntity<TokenView> suspend(@PathVariable("id") String id, @RequestBody(required = false) TokenRequests.Hold body,
                             @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                             @AuthenticationPrincipal Caller caller) {
        TokenId tokenId = tokenId(id);
        reach.require(caller, tokenId);
        String reason = body == null ? null : body.reason();
        TokenView token = commands.sendAndWait(new SuspendToken(tokenId, caller.actor(), RequestValues.cause(reason, null, correlationId)));
        return TokenVersions.withVersion(token.version(), ResponseEntity.ok(), token);
    }

    /**
     * Lifts a suspension, whatever caused it. The caller must also hold every scope of the token
     * (reinstating gives them back), and the owner must not be on leave (409).
     */
    @Operation(operationId = "reinstateToken", summary = "Lift a token's suspension",
            description = "Needs tokens:revoke and every scope of the token; 409 while its owner is on leave.")
    @ApiResponse(responseCode = "200", description = "the token after the command",
            headers = @Header(name = TokenVersions.HEADER, description = TokenVersions.DESCRIPTION, schema = @Schema(type = "integer", format = "int64")))
    @PostMapping(path = "/{id}/reinstate")
    public ResponseEntity<TokenView> reinstate(@PathVariable("id") String id, @RequestBody(required = false) TokenRequests.Hold body,
                               @RequestHeader(name = RequestValues.CORRELATION_HEADER, required = false) String correlationId,
                               @AuthenticationPrincipal Caller caller) {
        TokenId tokenId = tokenId(id);
        reach.require(caller, tokenId);
        String reason = body == null ? null : body.reason();
        ReinstateToken command = new ReinstateToken(tokenId, caller.actor(), RequestValues.cause(reason, null, correlationId));
        TokenView token = commands.sendAndWait(withCallerScopes(command, caller));
        return TokenVersions.withVersion(token.version(), ResponseEntity.ok(), token);
    }

    /** The aggregate checks that the caller holds what it manages; its scopes travel as metadata. */
    private static CommandMessage<?> withCallerScopes(Object command, Caller caller) {
        return GenericCommandMessage.asCommandMessage(command)
                .withMetaData(MetaData.with(CommandMetadata.ACTOR_SCOPES, Scopes.spaceSeparated(caller.scopes())));
    }

    private static TokenId tokenId(String id) {
        if (!TokenId.isValid(id)) {
            throw new TokenIdNotFound();
        }
        return new TokenId(id);
    }

    private Instant expiry(Duration ttl, Instant expiresAt) {
        if (ttl != null && expiresAt != null) {
            throw new InvalidRequest("give either ttl or expiresAt, not both");
        }
        if (ttl != null) {
            return expiryPolicy.expiryAfter(clock.instant(), ttl);
        }
        return expiresAt;
    }

    private RotationPolicy rotation(TokenRequests.Rotation rotation) {
        if (rotation == null) {
            return null;
        }
        if (rotation.every() == null) {
            throw new InvalidRequest("rotation.every is required when rotation is given");
        }
        try {
            return new RotationPolicy(rotation.every(), rotation.overlap() == null ? defaultRotationOverlap : rotation.overlap());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }
}

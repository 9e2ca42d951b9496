package org.tokensuite.lifecycle.scim;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.UserId;
import org.tokensuite.lifecycle.command.CommandAccepted;
import org.tokensuite.lifecycle.command.UserAction;
import org.tokensuite.lifecycle.command.UserLifecycleClient;

import org.tokensuite.platform.security.Caller;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * The part of SCIM 2.0 (RFC 7644) an identity provider uses to deprovision someone: deactivating
 * ({@code PATCH active:false}) or deleting the User offboards them through token-command, exactly
 * like an {@code hr.employee.offboarded} event. Both answer 204: this service holds no User
 * resource to return.
 */
@Tag(name = "SCIM users", description = "Deprovisioning over SCIM 2.0: needs scope users:offboard. Errors here are "
        + "SCIM errors (application/scim+json), as RFC 7644 asks.")
@ApiResponse(responseCode = "204", description = "offboarded (or already offboarded): token-command revoked the user's tokens",
        headers = @Header(name = ScimUserController.REQUEST_ID_HEADER, description = "this service's id of the request",
                schema = @Schema(type = "string")))
@ApiResponse(responseCode = "default", description = "refused: a SCIM error",
        content = @Content(mediaType = ScimError.MEDIA_TYPE, schema = @Schema(implementation = ScimError.class)))
@RestController
@RequestMapping("/scim/v2/Users")
public class ScimUserController {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimError.MEDIA_TYPE);
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int USER_ID_LIMIT = 128;
    private static final Logger log = LoggerFactory.getLogger(ScimUserController.class);

    private final UserLifecycleClient commands;
    private final PatchOpReader patchOps;

    public ScimUserController(UserLifecycleClient commands, PatchOpReader patchOps) {
        this.commands = commands;
        this.patchOps = patchOps;
    }

    @Operation(operationId = "deleteScimUser", summary = "Delete a user: offboard them")
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable("id") String id,
                                       @AuthenticationPrincipal Caller caller) {
        return offboard(userId(id), "deleted", caller);
    }

    @Operation(operationId = "patchScimUser", summary = "Deactivate a user (active: false): offboard them",
            requestBody = @RequestBody(required = true, description = "a SCIM PatchOp that sets active to false; nothing else is accepted",
                    content = @Content(mediaType = ScimError.MEDIA_TYPE, schema = @Schema(type = "object"), examples = @ExampleObject(
                            value = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"))))
    @PatchMapping("/{id}")
    public ResponseEntity<Void> patch(@PathVariable("id") String id,
                                      @AuthenticationPrincipal Caller caller,
                                      HttpServletRequest request) throws IOException {
        UserId user = userId(id);
        requireJson(request.getContentType());
        patchOps.requireDeactivation(body(request));
        return offboard(user, "deactivated", caller);
    }

    private ResponseEntity<Void> offboard(UserId user, String how, Caller caller) {
        // Always our own id, never the client's: token-command ignores a repeated correlation id,
        // so a reused client id must not silence the offboarding of someone else.
        String requestId = UUID.randomUUID().toString();
        Cause cause = new Cause("user " + how + " over SCIM by " + caller.ownerId(), "scim:" + requestId);
        CommandAccepted accepted = commands.apply(UserAction.OFFBOARD, user, cause);
        log.info("SCIM request {} by {} offboarded {} ({} tokens affected)", requestId, caller.ownerId(), user,
                accepted.affectedTokens());
        return ResponseEntity.noContent().header(REQUEST_ID_HEADER, requestId).build();
    }

    private static UserId userId(String id) {
        String problem = FreeText.problem("id", id, USER_ID_LIMIT);
        if (problem != null) {
            throw ScimRequestRefused.badRequest("invalidValue", problem);
        }
        if (!UserId.isValid(id)) {
            throw ScimRequestRefused.badRequest("invalidValue",
                    "id (the user id) must be 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return new UserId(id);
    }

    private static void requireJson(String contentType) {
        if (contentType != null) {
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.isCompatibleWith(SCIM_JSON)) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                // falls through to the refusal
            }
        }
        throw new ScimRequestRefused(415, null, "the body must be " + ScimError.MEDIA_TYPE + " or application/json");
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > BODY_LIMIT) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(BODY_LIMIT + 1);
            if (body.length > BODY_LIMIT) {
                throw tooLarge();
            }
            return body;
        }
    }

    private static ScimRequestRefused tooLarge() {
        return new ScimRequestRefused(413, null, "the body is larger than " + BODY_LIMIT + " bytes");
    }
}

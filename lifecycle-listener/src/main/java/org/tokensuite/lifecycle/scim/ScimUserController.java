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
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.UserId;
import org.tokensuite.lifecycle.command.CommandAccepted;
import org.tokensuite.lifecycle.command.ReservedPrincipals;
import org.tokensuite.lifecycle.command.UserAction;
import org.tokensuite.lifecycle.command.UserLifecycleClient;
import org.tokensuite.platform.security.Caller;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SCIM 2.0 Users (RFC 7644) for an identity provider. The SCIM id of a user is their userName, which
 * is the suite owner id of their tokens. A user POSTed here is only recorded (no token is created);
 * deactivating ({@code active:false}) or deleting a user offboards them through token-command,
 * exactly like an {@code hr.employee.offboarded} event; {@code PATCH active:true} of an active user
 * ends a leave like {@code hr.employee.leave_ended}. For an owner id never POSTed here (people only
 * HR knows), PATCH {@code active:false} and DELETE still offboard and answer 204, as they always did.
 */
@Tag(name = "SCIM users", description = "SCIM 2.0 Users for Okta and Entra ID provisioning: needs scope users:offboard "
        + "(reactivating a user on leave also users:suspend). Errors here are SCIM errors (application/scim+json).")
@ApiResponse(responseCode = "default", description = "refused: a SCIM error",
        content = @Content(mediaType = ScimError.MEDIA_TYPE, schema = @Schema(implementation = ScimError.class)))
@RestController
@RequestMapping("/scim/v2/Users")
public class ScimUserController {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimError.MEDIA_TYPE);
    static final int DEFAULT_COUNT = 100;
    static final int MAX_RESULTS = 200;
    private static final Scope REINSTATE_SCOPE = Scope.of("users:suspend");
    private static final int BODY_LIMIT = 64 * 1024;
    private static final int USER_ID_LIMIT = 128;
    private static final String USER_ID_RULE =
            "must be a suite owner id: 1-128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";
    private static final Logger log = LoggerFactory.getLogger(ScimUserController.class);

    private final UserLifecycleClient commands;
    private final ReservedPrincipals reserved;
    private final PatchOpReader patchOps;
    private final UserPatch userPatch;
    private final UserResourceReader resources;
    private final ScimUsers users;

    public ScimUserController(UserLifecycleClient commands, ReservedPrincipals reserved, PatchOpReader patchOps,
                              UserPatch userPatch, UserResourceReader resources, ScimUsers users) {
        this.commands = commands;
        this.reserved = reserved;
        this.patchOps = patchOps;
        this.userPatch = userPatch;
        this.resources = resources;
        this.users = users;
    }

    @Operation(operationId = "listScimUsers", summary = "List users, or find one: filter userName eq \"…\" or externalId eq \"…\"")
    @ApiResponse(responseCode = "200", description = "a ListResponse", content = @Content(mediaType = ScimError.MEDIA_TYPE))
    @GetMapping
    public ResponseEntity<Object> list(
            @Parameter(description = "userName eq \"x\", externalId eq \"x\" or id eq \"x\"; nothing else")
            @RequestParam(name = "filter", required = false) String filter,
            @Parameter(description = "1-based index of the first result (default 1)")
            @RequestParam(name = "startIndex", required = false) String startIndex,
            @Parameter(description = "results per page (default " + DEFAULT_COUNT + ", at most " + MAX_RESULTS + ")")
            @RequestParam(name = "count", required = false) String count) {
        UserFilter parsed = UserFilter.parse(filter);
        int start = Math.max(1, number("startIndex", startIndex, 1));
        int size = Math.min(MAX_RESULTS, Math.max(0, number("count", count, DEFAULT_COUNT)));
        List<Map<String, Object>> page = users.page(parsed, start, size).stream().map(ScimDocuments::user).toList();
        return scim(HttpStatus.OK).body(ScimDocuments.list(users.count(parsed), start, page));
    }

    @Operation(operationId = "getScimUser", summary = "A user recorded here")
    @ApiResponse(responseCode = "200", description = "the User", content = @Content(mediaType = ScimError.MEDIA_TYPE))
    @GetMapping("/{id}")
    public ResponseEntity<Object> get(@PathVariable("id") String id) {
        ScimUser user = recorded(userId(id).value());
        return scim(HttpStatus.OK).eTag(user.etag()).body(ScimDocuments.user(user));
    }

    @Operation(operationId = "createScimUser", summary = "Record a person the identity provider manages (no token is created)",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = ScimError.MEDIA_TYPE,
                    schema = @Schema(type = "object"), examples = @ExampleObject(value = "{\"schemas\":[\""
                    + UserResourceReader.USER_SCHEMA + "\"],\"userName\":\"emp-4711\",\"externalId\":\"00u1ab\","
                    + "\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},"
                    + "\"emails\":[{\"value\":\"ada@example.com\",\"type\":\"work\",\"primary\":true}],\"active\":true}"))))
    @ApiResponse(responseCode = "201", description = "recorded", content = @Content(mediaType = ScimError.MEDIA_TYPE),
            headers = @Header(name = HttpHeaders.LOCATION, description = "the new User", schema = @Schema(type = "string")))
    @PostMapping
    public ResponseEntity<Object> create(@AuthenticationPrincipal Caller caller, HttpServletRequest request) throws IOException {
        requireJson(request.getContentType());
        UserResourceReader.UserResource resource = resources.read(body(request));
        UserId user = ownerId(resource.userName(), "userName");
        reserved.requireNotReserved(user);
        ScimUser created = users.create(user.value(), resource.attributes()).orElseThrow(() ->
                new ScimRequestRefused(409, "uniqueness", "a user with this userName exists already"));
        if (!created.active()) {
            try {
                offboard(user, "created inactive", caller);
            } catch (RuntimeException e) {
                users.delete(created.userName()); // nothing is left of a creation that could not be carried out
                throw e;
            }
        }
        log.info("SCIM: {} recorded user {} for its identity provider", caller.ownerId(), user);
        return scim(HttpStatus.CREATED).location(ScimDocuments.location(created)).eTag(created.etag())
                .body(ScimDocuments.user(created));
    }

    @Operation(operationId = "replaceScimUser", summary = "Replace a recorded user; active false offboards them",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = ScimError.MEDIA_TYPE,
                    schema = @Schema(type = "object"))))
    @ApiResponse(responseCode = "200", description = "the User as replaced", content = @Content(mediaType = ScimError.MEDIA_TYPE))
    @PutMapping("/{id}")
    public ResponseEntity<Object> replace(@PathVariable("id") String id,
                                          @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @AuthenticationPrincipal Caller caller,
                                          HttpServletRequest request) throws IOException {
        UserId user = userId(id);
        reserved.requireNotReserved(user);
        requireJson(request.getContentType());
        byte[] body = body(request);
        ScimUser current = recorded(user.value());
        requireMatch(current, ifMatch);
        UserResourceReader.UserResource resource = resources.read(body);
        if (!resource.userName().equalsIgnoreCase(current.userName())) {
            throw UserPatch.userNameIsImmutable();
        }
        ScimUser.Attributes attributes = resource.attributes();
        // A PUT restates the whole resource (Okta sends active:true with every profile change): only a
        // change of active is acted on, so a profile update never ends a leave.
        Boolean activeChange = attributes.active() == null || attributes.active() == current.active() ? null : attributes.active();
        return carryOut(current, current.with(attributes), activeChange, caller, "replaced");
    }

    @Operation(operationId = "patchScimUser", summary = "Change a user; active false offboards them",
            requestBody = @RequestBody(required = true, description = "a SCIM PatchOp", content = @Content(
                    mediaType = ScimError.MEDIA_TYPE, schema = @Schema(type = "object"), examples = @ExampleObject(
                    value = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}"))))
    @ApiResponse(responseCode = "200", description = "the User as changed (a user recorded here)",
            content = @Content(mediaType = ScimError.MEDIA_TYPE))
    @ApiResponse(responseCode = "204", description = "offboarded (an owner id not recorded here: only active false is accepted)",
            headers = @Header(name = REQUEST_ID_HEADER, description = "this service's id of the request", schema = @Schema(type = "string")))
    @PatchMapping("/{id}")
    public ResponseEntity<Object> patch(@PathVariable("id") String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @AuthenticationPrincipal Caller caller,
                                        HttpServletRequest request) throws IOException {
        UserId user = userId(id);
        requireJson(request.getContentType());
        byte[] body = body(request);
        Optional<ScimUser> recorded = users.find(user.value());
        if (recorded.isEmpty()) {
            // an owner id only HR knows: deprovisioning, nothing more, as before users were recorded here
            patchOps.requireDeactivation(body);
            String requestId = offboard(user, "deactivated", caller);
            return ResponseEntity.noContent().header(REQUEST_ID_HEADER, requestId).build();
        }
        reserved.requireNotReserved(user);
        ScimUser current = recorded.get();
        requireMatch(current, ifMatch);
        UserPatch.Patched patched = userPatch.apply(current, body);
        return carryOut(current, patched.user(), patched.activeRequested(), caller, "patched");
    }

    @Operation(operationId = "deleteScimUser", summary = "Delete a user: offboard them (and forget the record)")
    @ApiResponse(responseCode = "204", description = "offboarded (or already offboarded): token-command revoked the user's tokens",
            headers = @Header(name = REQUEST_ID_HEADER, description = "this service's id of the request", schema = @Schema(type = "string")))
    @DeleteMapping("/{id}")
    public ResponseEntity<Object> delete(@PathVariable("id") String id,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                         @AuthenticationPrincipal Caller caller) {
        UserId user = userId(id);
        reserved.requireNotReserved(user);
        Optional<ScimUser> recorded = users.find(user.value());
        recorded.ifPresent(current -> requireMatch(current, ifMatch));
        // A user deactivated here was offboarded already; anyone else (active, or known only to HR) is now.
        String requestId = recorded.isPresent() && !recorded.get().active() ? newRequestId() : offboard(user, "deleted", caller);
        recorded.ifPresent(current -> users.delete(current.userName()));
        return ResponseEntity.noContent().header(REQUEST_ID_HEADER, requestId).build();
    }

    /**
     * Sends what a change of {@code active} means to token-command first (false: offboard; true, on an
     * active user: end a leave), and records the change only once token-command took it, so a refusal
     * or an outage leaves the record as it was.
     */
    private ResponseEntity<Object> carryOut(ScimUser current, ScimUser changed, Boolean active, Caller caller, String how) {
        UserId user = new UserId(current.userName());
        if (Boolean.FALSE.equals(active)) {
            // inactive here means token-command took the offboarding already: once is enough
            if (current.active()) {
                offboard(user, "deactivated", caller);
            }
        } else if (Boolean.TRUE.equals(active)) {
            if (!current.active()) {
                throw ScimRequestRefused.badRequest("invalidValue",
                        "this user was deactivated, which offboarded them for good: they cannot be reactivated");
            }
            if (!caller.holds(REINSTATE_SCOPE)) {
                throw new ScimRequestRefused(403, null,
                        "active true ends the user's leave (reinstating their tokens): it needs scope users:suspend as well");
            }
            reinstate(user, caller);
        }
        ScimUser stored = users.update(changed).orElseThrow(() -> new ScimRequestRefused(409, null,
                "the user was changed or removed meanwhile; read it again and retry"));
        log.info("SCIM: {} {} user {}", caller.ownerId(), how, user);
        return scim(HttpStatus.OK).eTag(stored.etag()).body(ScimDocuments.user(stored));
    }

    private String offboard(UserId user, String how, Caller caller) {
        String requestId = newRequestId();
        CommandAccepted accepted = commands.apply(UserAction.OFFBOARD, user, cause(how, caller, requestId));
        log.info("SCIM request {} by {} offboarded {} ({} tokens affected)", requestId, caller.ownerId(), user,
                accepted.affectedTokens());
        return requestId;
    }

    private void reinstate(UserId user, Caller caller) {
        String requestId = newRequestId();
        CommandAccepted accepted = commands.apply(UserAction.REINSTATE, user, cause("reactivated", caller, requestId));
        log.info("SCIM request {} by {} ended the leave of {} ({} tokens affected)", requestId, caller.ownerId(), user,
                accepted.affectedTokens());
    }

    // Always our own id, never the client's: token-command ignores a repeated correlation id, so a
    // reused client id must not silence the offboarding of someone else.
    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    private static Cause cause(String how, Caller caller, String requestId) {
        return new Cause("user " + how + " over SCIM by " + caller.ownerId(), "scim:" + requestId);
    }

    private ScimUser recorded(String id) {
        return users.find(id).orElseThrow(() -> new ScimRequestRefused(404, null, "no user with this id is recorded here"));
    }

    /** If-Match (RFC 7232 §3.1): {@code *} or a list of tags; weak tags compare by their opaque part. */
    private static void requireMatch(ScimUser user, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        String expected = "\"" + user.version() + "\"";
        for (String tag : ifMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || (trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed).equals(expected)) {
                return;
            }
        }
        throw new ScimRequestRefused(412, null, "If-Match does not match the user's current version " + user.etag());
    }

    private static UserId userId(String id) {
        return ownerId(id, "id");
    }

    private static UserId ownerId(String value, String attribute) {
        String problem = FreeText.problem(attribute, value, USER_ID_LIMIT);
        if (problem != null) {
            throw ScimRequestRefused.badRequest("invalidValue", problem);
        }
        if (!UserId.isValid(value)) {
            throw ScimRequestRefused.badRequest("invalidValue", attribute + " (the user id) " + USER_ID_RULE);
        }
        return new UserId(value);
    }

    private static int number(String name, String value, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ScimRequestRefused.badRequest("invalidValue", name + " must be an integer");
        }
    }

    static ResponseEntity.BodyBuilder scim(HttpStatus status) {
        return ResponseEntity.status(status).contentType(SCIM_JSON);
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

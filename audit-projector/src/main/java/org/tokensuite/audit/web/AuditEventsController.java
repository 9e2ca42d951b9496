package org.tokensuite.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.projection.AuditEntry;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.EntryFilter;
import org.tokensuite.platform.freshness.TokenVersionHeaders;

import java.time.Instant;
import java.util.List;

/** GET /v1/audit/events: a JSON page with a cursor, or the whole selection streamed as CSV or NDJSON. */
@Tag(name = "audit log")
@RestController
public class AuditEventsController {

    /** Read-your-writes: the token's version this read must not be older than (token-command's X-Token-Version). */
    public static final String NOT_OLDER_THAN = TokenVersionHeaders.NOT_OLDER_THAN;
    /** With {@value #NOT_OLDER_THAN}: the newest version of the token the log recorded when the read began. */
    public static final String TOKEN_VERSION = TokenVersionHeaders.TOKEN_VERSION;

    private final AuditEntryReader reader;
    private final AuditProperties properties;
    private final ObjectMapper json;
    private final EntryExports exports;
    private final LogFreshness freshness;

    public AuditEventsController(AuditEntryReader reader, AuditProperties properties, ObjectMapper json,
                                 EntryExports exports, LogFreshness freshness) {
        this.reader = reader;
        this.properties = properties;
        this.json = json;
        this.exports = exports;
        this.freshness = freshness;
    }

    @Operation(operationId = "auditEvents", summary = "Read the audit log: a page, or an export",
            description = "Filters combine (tokenId, ownerId, type, actorId, from..to). Accept: application/json answers a page "
                    + "(pass nextCursor back as cursor); text/csv and application/x-ndjson stream the whole selection. "
                    + "With X-Not-Older-Than (the X-Token-Version token-command answered a command with; needs tokenId) the "
                    + "read first waits, bounded (tokens.audit.read-your-writes.max-wait, default 2 s), until the log has "
                    + "recorded that version of the token; when the bound passes it answers 503 with Retry-After.")
    @ApiResponse(responseCode = "200", description = "the entries, in chain order", headers = @Header(name = TOKEN_VERSION,
            description = "only with X-Not-Older-Than: the newest version of the token the log had recorded when the read "
                    + "began (at least the one asked for)", schema = @Schema(type = "integer", format = "int64")), content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = EntriesPage.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = AuditEntry.class))})
    @ApiResponse(responseCode = "503", description = "the log has not recorded the version asked for within the bound "
            + "(Retry-After), or the audit database is unavailable",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping("/v1/audit/events")
    public ResponseEntity<StreamingResponseBody> events(@RequestParam(required = false) String tokenId,
                                    @RequestParam(required = false) String ownerId,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) String actorId,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String cursor,
                                    @RequestParam(required = false) String limit,
                                    @Parameter(description = "wait until the log has recorded this version of the token "
                                            + "named by tokenId (a non-negative integer: token-command's X-Token-Version)",
                                            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                    @RequestHeader(name = NOT_OLDER_THAN, required = false) String notOlderThan,
                                    @Parameter(hidden = true) @RequestHeader(value = "Accept", required = false) String accept)
            throws HttpMediaTypeNotAcceptableException {
        Instant fromInstant = Params.instant("from", from);
        Instant toInstant = Params.instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new InvalidRequest("from must be before to");
        }
        EntryFilter filter = new EntryFilter(Params.tokenId(tokenId), Params.ownerId(ownerId), Params.type(type),
                Params.actorId(actorId), fromInstant, toInstant);
        long afterSeq = Params.cursor(cursor);
        ExportFormat format = ExportFormat.fromAccept(accept);
        Integer asked = format == ExportFormat.JSON ? Params.limit(limit, properties.pageLimitMax())
                : Params.limit(limit, Integer.MAX_VALUE);
        HttpHeaders headers = new HttpHeaders();
        if (notOlderThan != null) {
            if (filter.tokenId() == null) {
                throw new InvalidRequest(NOT_OLDER_THAN + " needs tokenId: it is a version of one token");
            }
            // Every parameter is checked before the wait, so a bad request is refused at once.
            long reached = freshness.notOlderThan(filter.tokenId(), Params.notOlderThan(notOlderThan));
            headers.set(TOKEN_VERSION, Long.toString(reached));
        }
        if (format == ExportFormat.JSON) {
            int pageSize = asked != null ? asked : properties.pageLimitDefault();
            List<AuditEntry> entries = reader.page(filter, afterSeq, pageSize + 1);
            String next = null;
            if (entries.size() > pageSize) {
                entries = entries.subList(0, pageSize);
                next = Long.toString(entries.get(pageSize - 1).seq());
            }
            // Read before answering, so a failure is still a problem response; then written like the exports.
            EntriesPage page = new EntriesPage(entries, next);
            return ResponseEntity.ok().headers(headers).contentType(format.mediaType).body(out -> json.writeValue(out, page));
        }
        // Exports have no limit unless one is asked for; they stream in constant memory.
        // The read connection is taken here: no free one (or no database) is a 503, not a broken 200.
        AuditEntryReader.EntryStream selection = reader.openStream(filter, afterSeq, asked);
        StreamingResponseBody body = out -> {
            try (selection) {
                exports.write(out, selection, format == ExportFormat.CSV);
            }
        };
        return ResponseEntity.ok().headers(headers).contentType(format.mediaType).body(body);
    }

    /** {@code nextCursor} is null on the last page. */
    public record EntriesPage(List<AuditEntry> entries, String nextCursor) {
    }
}

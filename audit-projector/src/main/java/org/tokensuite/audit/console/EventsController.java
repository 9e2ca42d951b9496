package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;
import org.tokensuite.audit.projection.AuditEntry;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.EntryFilter;
import org.tokensuite.audit.settings.ConsoleProperties;
import org.tokensuite.audit.web.EntryExports;
import org.tokensuite.audit.web.InvalidRequest;
import org.tokensuite.audit.web.Params;

import java.time.Instant;
import java.util.List;

/**
 * Events: the log searched by owner, token, type, actor and time range, a page at a time with the API's
 * cursor (the last seq shown), and the same selection exported as CSV or NDJSON (the API's exports).
 */
@Hidden
@Controller
public class EventsController {

    private final AuditEntryReader reader;
    private final EntryExports exports;
    private final ConsoleProperties properties;

    public EventsController(AuditEntryReader reader, EntryExports exports, ConsoleProperties properties) {
        this.reader = reader;
        this.exports = exports;
        this.properties = properties;
    }

    /** The search form's fields, as typed (validated by the API's rules when used). */
    public record Search(String tokenId, String ownerId, String type, String actorId, String from, String to) {

        EntryFilter filter() {
            Instant fromInstant = Params.instant("from", from);
            Instant toInstant = Params.instant("to", to);
            if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
                throw new InvalidRequest("from must be before to");
            }
            return new EntryFilter(Params.tokenId(trim(tokenId)), Params.ownerId(trim(ownerId)), Params.type(trim(type)),
                    Params.actorId(trim(actorId)), fromInstant, toInstant);
        }

        UriComponentsBuilder into(UriComponentsBuilder uri) {
            add(uri, "tokenId", tokenId);
            add(uri, "ownerId", ownerId);
            add(uri, "type", type);
            add(uri, "actorId", actorId);
            add(uri, "from", from);
            add(uri, "to", to);
            return uri;
        }

        private static void add(UriComponentsBuilder uri, String name, String value) {
            if (value != null && !value.isBlank()) {
                uri.queryParam(name, value.trim());
            }
        }

        private static String trim(String value) {
            return value == null ? null : value.trim();
        }
    }

    @GetMapping("/console/events")
    public String events(@ModelAttribute("search") Search search, @RequestParam(required = false) String cursor,
                         Model model) {
        EntryFilter filter = search.filter();
        long after = Params.cursor(cursor);
        int pageSize = properties.pageSize();
        List<AuditEntry> entries = reader.page(filter, after, pageSize + 1);
        String next = null;
        if (entries.size() > pageSize) {
            entries = entries.subList(0, pageSize);
            next = search.into(UriComponentsBuilder.fromPath("/console/events"))
                    .queryParam("cursor", entries.get(pageSize - 1).seq()).encode().build().toUriString();
        }
        model.addAttribute("entries", entries);
        model.addAttribute("nextPage", next);
        model.addAttribute("firstPage", after > 0
                ? search.into(UriComponentsBuilder.fromPath("/console/events")).encode().build().toUriString() : null);
        model.addAttribute("exportCsv", exportLink(search, "csv"));
        model.addAttribute("exportNdjson", exportLink(search, "ndjson"));
        return "console/events";
    }

    /** The whole selection (not just the page shown), streamed as the API streams it. */
    @GetMapping("/console/events/export")
    public ResponseEntity<StreamingResponseBody> export(@ModelAttribute("search") Search search,
                                                        @RequestParam(required = false) String format) {
        boolean csv = "csv".equals(format);
        if (!csv && !"ndjson".equals(format)) {
            throw new InvalidRequest("format must be csv or ndjson");
        }
        EntryFilter filter = search.filter();
        AuditEntryReader.EntryStream selection = reader.openStream(filter, 0, null);
        StreamingResponseBody body = out -> {
            try (selection) {
                exports.write(out, selection, csv);
            }
        };
        return ResponseEntity.ok()
                .contentType(csv ? MediaType.parseMediaType("text/csv;charset=UTF-8") : MediaType.parseMediaType("application/x-ndjson"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events." + (csv ? "csv" : "ndjson") + "\"")
                .body(body);
    }

    private static String exportLink(Search search, String format) {
        return search.into(UriComponentsBuilder.fromPath("/console/events/export")).queryParam("format", format)
                .encode().build().toUriString();
    }
}

package org.tokensuite.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.command.ReportTokenLeak;
import org.tokensuite.api.value.FreeText;
import org.tokensuite.command.leak.LeakReportSignature;
import org.tokensuite.command.leak.LeakReports;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where secret scanners send what they found (GitHub's secret scanning partner format): a JSON array of
 * {@code {token, type, url, source}}, signed. No bearer token: the signature, checked against the configured public
 * keys, is the authentication; an unsigned or wrongly signed report is 401 and changes nothing.
 */
@Tag(name = "leaks", description = "Leaked-token reports from secret scanners, signed with ECDSA P-256 (no bearer token).")
@RestController
public class LeakReportController {

    static final int MAX_ENTRIES = 1000;

    private final LeakReportSignature signature;
    private final LeakReports reports;
    private final ObjectMapper json;

    public LeakReportController(LeakReportSignature signature, LeakReports reports, ObjectMapper json) {
        this.signature = signature;
        this.reports = reports;
        this.json = json;
    }

    @Operation(operationId = "reportLeaks", summary = "Report leaked tokens (signed)",
            description = "Body: [{token, type, url, source}], at most 1000. Headers Github-Public-Key-Identifier (a key id "
                    + "configured in tokens.leaks.public-keys-dir) and Github-Public-Key-Signature (base64 DER ECDSA P-256 "
                    + "SHA-256 signature of the body). Each string is matched by hash against every secret of every token, "
                    + "current and superseded; a live match is revoked at once (TokenLeaked, TokenRevoked). Answers "
                    + "[{token_hash, token_type, label: true_positive | false_positive}], never the strings.")
    @PostMapping(path = "/v1/leaks", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<LeakReports.Labelled> report(@RequestBody(required = false) byte[] body,
                                             @RequestHeader(name = LeakReportSignature.KEY_ID_HEADER, required = false) String keyId,
                                             @RequestHeader(name = LeakReportSignature.SIGNATURE_HEADER, required = false) String signed) {
        if (!signature.verifies(keyId, signed, body)) {
            throw new LeakReportUnsigned();
        }
        return reports.handle(parse(body), "leak:" + UUID.randomUUID());
    }

    private List<LeakReports.Reported> parse(byte[] body) {
        JsonNode array;
        try {
            array = json.readTree(body);
        } catch (IOException e) {
            // Never echo the parser's message: it quotes the body, which holds secrets.
            throw new InvalidRequest("the body must be a JSON array of {token, type, url, source}");
        }
        if (array == null || !array.isArray()) {
            throw new InvalidRequest("the body must be a JSON array of {token, type, url, source}");
        }
        if (array.size() > MAX_ENTRIES) {
            throw new InvalidRequest("a report may hold at most " + MAX_ENTRIES + " entries");
        }
        List<LeakReports.Reported> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode entry = array.get(i);
            JsonNode token = entry.path("token");
            if (!token.isTextual() || token.asText().isEmpty() || token.asText().length() > 1024) {
                throw new InvalidRequest("entry " + i + ": token must be a non-empty string of at most 1024 characters");
            }
            entries.add(new LeakReports.Reported(token.asText(),
                    text(entry, "type", i, ReportTokenLeak.MAX_LABEL_LENGTH),
                    text(entry, "url", i, ReportTokenLeak.MAX_URL_LENGTH),
                    text(entry, "source", i, ReportTokenLeak.MAX_LABEL_LENGTH)));
        }
        return entries;
    }

    private static String text(JsonNode entry, String field, int index, int max) {
        JsonNode value = entry.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequest("entry " + index + ": " + field + " must be a string");
        }
        String problem = FreeText.problem("entry " + index + ": " + field, value.asText(), max);
        if (problem != null) {
            throw new InvalidRequest(problem);
        }
        return value.asText();
    }
}

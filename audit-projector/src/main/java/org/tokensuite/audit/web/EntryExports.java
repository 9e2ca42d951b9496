package org.tokensuite.audit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.tokensuite.audit.projection.AuditEntryReader;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a selection as CSV (formulas neutralised, {@link CsvRow}) or NDJSON (one entry per line, exact):
 * the API's exports and the console's are the same bytes.
 */
@Component
public class EntryExports {

    private final ObjectMapper json;

    public EntryExports(ObjectMapper json) {
        this.json = json;
    }

    public void write(OutputStream raw, AuditEntryReader.EntryStream selection, boolean csv) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(raw, 64 * 1024);
        if (csv) {
            out.write(CsvRow.HEADER.getBytes(StandardCharsets.UTF_8));
        }
        selection.forEach(entry -> {
            try {
                if (csv) {
                    out.write(CsvRow.of(entry).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(json.writeValueAsBytes(entry));
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }
}

package org.tokensuite.audit.web;

import org.tokensuite.audit.chain.CanonicalJson;
import org.tokensuite.audit.projection.AuditEntry;

/**
 * One audit entry as an RFC 4180 CSV line. Values are written verbatim (payload in the chain's
 * canonical JSON) so an auditor can recompute every hash from the export, with two exceptions
 * that can be undone exactly (README, "CSV export"):
 * <ul>
 *   <li>formula neutralisation (OWASP): a value that, after any leading {@code '}, starts with
 *   {@code = + - @}, tab or CR gets one more leading {@code '}, so a spreadsheet shows it as text
 *   instead of evaluating it. Counting the existing quotes keeps the undo rule exact: strip one
 *   {@code '} from a cell that is one or more {@code '} followed by one of those characters.</li>
 *   <li>an empty cell is null; an empty string is written {@code ""}.</li>
 * </ul>
 * UTF-8 has no form for an unpaired surrogate; CSV writes U+FFFD for one (JSON escapes it exactly).
 */
final class CsvRow {

    static final String HEADER = "seq,event_id,type,token_id,owner_id,actor_id,actor_owner,cause_reason,"
            + "correlation_id,occurred_at,recorded_at,payload,prev_hash,hash\r\n";

    /** What spreadsheets take as the start of a formula. */
    static final String FORMULA_TRIGGERS = "=+-@\t\r";

    private CsvRow() {
    }

    static String of(AuditEntry e) {
        StringBuilder line = new StringBuilder(256);
        line.append(e.seq());
        for (String value : new String[]{e.eventId(), e.type(), e.tokenId(), e.ownerId(), e.actor().id(),
                e.actor().ownerId(), e.cause().reason(), e.cause().correlationId(), e.occurredAt(), e.recordedAt(),
                CanonicalJson.write(e.payload()), e.prevHash(), e.hash()}) {
            line.append(',');
            append(line, value);
        }
        return line.append("\r\n").toString();
    }

    /** The value as a spreadsheet cannot take it for a formula: one more {@code '} when it would. */
    static String neutralised(String value) {
        int quotes = 0;
        while (quotes < value.length() && value.charAt(quotes) == '\'') {
            quotes++;
        }
        return quotes < value.length() && FORMULA_TRIGGERS.indexOf(value.charAt(quotes)) >= 0 ? "'" + value : value;
    }

    private static void append(StringBuilder line, String value) {
        if (value == null) {
            return;
        }
        String cell = withoutUnpairedSurrogates(neutralised(value));
        if (cell.isEmpty() || cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0) {
            line.append('"').append(cell.replace("\"", "\"\"")).append('"');
        } else {
            line.append(cell);
        }
    }

    private static String withoutUnpairedSurrogates(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(value.length()).append(value, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }
}

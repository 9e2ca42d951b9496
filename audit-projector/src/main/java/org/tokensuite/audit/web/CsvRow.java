package org.tokensuite.audit.web;

import org.tokensuite.audit.chain.CanonicalJson;
import org.tokensuite.audit.projection.AuditEntry;

/**
 * One audit entry as an RFC 4180 CSV line. Values are written verbatim (payload in the chain's
 * canonical JSON) so an auditor can recompute every hash from the export.
 */
final class CsvRow {

    static final String HEADER = "seq,event_id,type,token_id,owner_id,actor_id,actor_owner,cause_reason,"
            + "correlation_id,occurred_at,recorded_at,payload,prev_hash,hash\r\n";

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

    private static void append(StringBuilder line, String value) {
        if (value == null) {
            return;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            line.append(value);
        }
    }
}

package org.tokensuite.audit.console;

import org.springframework.stereotype.Component;
import org.tokensuite.audit.projection.AuditEntry;
import org.tokensuite.audit.projection.AuditEntryReader;
import org.tokensuite.audit.projection.EntryFilter;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * For the access page: who issued a token, and how it stopped being valid after the instant asked
 * about (the first revocation, expiry or suspension recorded after it), read from the token's entries.
 */
@Component
public class TokenFates {

    private static final Set<String> ENDINGS = Set.of("TokenRevoked", "TokenExpired", "TokenSuspended");
    private static final int MAX_ENTRIES = 1000;

    private final AuditEntryReader reader;

    TokenFates(AuditEntryReader reader) {
        this.reader = reader;
    }

    /** {@code issuedBy} the issuing actor (null when not found); {@code ending} null while nothing ended it after {@code at}. */
    public record Fate(AuditEntry.Actor issuedBy, AuditEntry ending) {
    }

    Fate of(String tokenId, Instant at) {
        List<AuditEntry> entries = reader.page(new EntryFilter(tokenId, null, null, null, null), 0, MAX_ENTRIES);
        AuditEntry.Actor issuer = null;
        AuditEntry ending = null;
        for (AuditEntry entry : entries) {
            if ("TokenIssued".equals(entry.type()) && issuer == null) {
                issuer = entry.actor();
            }
            if (ending == null && ENDINGS.contains(entry.type()) && entry.occurredAt() != null
                    && Instant.parse(entry.occurredAt()).isAfter(at)) {
                ending = entry;
            }
        }
        return new Fate(issuer, ending);
    }
}

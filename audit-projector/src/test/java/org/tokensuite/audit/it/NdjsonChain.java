package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.audit.verification.ChainVerification;
import org.tokensuite.audit.verification.ChainWalk;
import org.tokensuite.audit.chain.ChainedEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** What an auditor does with an unfiltered NDJSON export: recompute every hash from the exported values. */
final class NdjsonChain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NdjsonChain() {
    }

    static ChainVerification verify(String ndjson) {
        ChainWalk walk = new ChainWalk();
        for (String line : ndjson.split("\n")) {
            if (!line.isEmpty()) {
                JsonNode e = parse(line);
                walk.accept(entry(e), e.get("hash").asText());
            }
        }
        return walk.result();
    }

    static List<JsonNode> entries(String ndjson) {
        return ndjson.lines().filter(line -> !line.isEmpty()).map(NdjsonChain::parse).toList();
    }

    static ChainedEntry entry(JsonNode e) {
        return new ChainedEntry(e.get("seq").asLong(), text(e.get("eventId")), text(e.get("type")),
                text(e.get("tokenId")), text(e.get("ownerId")), text(e.path("actor").get("id")),
                text(e.path("actor").get("ownerId")), text(e.path("cause").get("reason")),
                text(e.path("cause").get("correlationId")), Instant.parse(e.get("occurredAt").asText()),
                e.get("payload"), text(e.get("prevHash")));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.textValue();
    }
}

package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.tokensuite.audit.projection.StoredColumns;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StoredColumnsTest {

    private static ChainedEntry entry(String reason, JsonNode payload) {
        return new ChainedEntry(3, "evt-3", "TokenRevoked", "tok_" + "a".repeat(32), "alice", "system:hr", "system",
                reason, null, Instant.parse("2025-01-01T00:00:00.000120Z"), payload, ChainHash.GENESIS);
    }

    @Test
    void valuesTheColumnsHoldAreStoredAsTheyAreWithoutContent() {
        StoredColumns stored = StoredColumns.of(entry("left \u0001 \ud83d\ude00", EventPayloads.parse("{\"a\":1.50}")));

        assertThat(stored.exact()).isTrue();
        assertThat(stored.causeReason()).isEqualTo("left \u0001 \ud83d\ude00");
    }

    @Test
    void nulUnpairedSurrogatesAndOverlongValuesGetDistinctStandInsAndTheEntryKeepsItsExactContent() {
        String nul = StoredColumns.column("a\u0000b", 255);
        String replacement = StoredColumns.column("a\ufffdb", 255);
        String surrogate = StoredColumns.column("a\ud800b", 255);
        String overlong = StoredColumns.column("x".repeat(300), 255);

        assertThat(replacement).as("U+FFFD itself is held exactly").isEqualTo("a\ufffdb");
        assertThat(nul).startsWith("a\ufffdb\ufffd#").hasSize(3 + 66).isNotEqualTo(surrogate);
        assertThat(overlong).hasSizeLessThanOrEqualTo(255).startsWith("xxx");
        assertThat(StoredColumns.column(nul, 255)).as("a value that looks like a stand-in gets its own")
                .isNotEqualTo(nul);
        assertThat(StoredColumns.of(entry("a\u0000b", EventPayloads.parse("{}"))).exact()).isFalse();
    }

    @Test
    void payloadsJsonbCannotHoldExactlyAreNotStoredAsJsonb() {
        ObjectNode nulKey = JsonNodeFactory.instance.objectNode();
        nulKey.put("k\u0000", 1);

        assertThat(StoredColumns.of(entry("r", nulKey)).payloadJson()).isNull();
        assertThat(StoredColumns.of(entry("r", EventPayloads.parse("{\"n\":1e999999999}"))).payloadJson()).isNull();
        assertThat(StoredColumns.of(entry("r", EventPayloads.parse("{\"n\":1e5}"))).payloadJson()).isNotNull();
    }

    @Test
    void theCanonicalFormEscapesUnpairedSurrogatesAndHugeExponentsAndParsesBackToTheSameEntry() {
        ChainedEntry exotic = entry("\ud800 \u0000 \ud83d\ude00 \udc00", EventPayloads.parse("{\"n\":1e999999999,\"m\":-0.0}"));

        String canonical = ChainHash.canonical(exotic);

        assertThat(canonical).contains("\"\\ud800 \\u0000 \ud83d\ude00 \\udc00\"").contains("\"n\":1E+999999999")
                .contains("\"m\":0");
        ChainedEntry back = ChainHash.parseCanonical(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(back.causeReason()).isEqualTo(exotic.causeReason());
        assertThat(ChainHash.of(back)).isEqualTo(ChainHash.of(exotic));
    }
}

package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashTest {

    private static ChainedEntry entry(long seq, JsonNode payload, String reason, String prevHash) {
        return new ChainedEntry(seq, "evt-" + seq, "TokenRevoked", "tok_" + "a".repeat(32), "alice", "system:hr",
                "system", reason, null, Instant.parse("2025-01-01T00:00:00.000120Z"), payload, prevHash);
    }

    private static final JsonNode PAYLOAD = EventPayloads.parse("{\"b\":null,\"a\":[1,\"x\"]}");

    /** The README tells auditors to recompute with Python's json.dumps(..., sort_keys, compact); this is its answer. */
    @Test
    void hashIsSha256OfTheDocumentedCanonicalArray() {
        ChainedEntry first = entry(1, PAYLOAD, "left \"now\"\n\u0001", ChainHash.GENESIS);

        assertThat(ChainHash.canonical(first)).isEqualTo("[1,\"evt-1\",\"TokenRevoked\",\"tok_" + "a".repeat(32)
                + "\",\"alice\",\"system:hr\",\"system\",\"left \\\"now\\\"\\n\\u0001\",null,"
                + "\"2025-01-01T00:00:00.000120Z\",{\"a\":[1,\"x\"],\"b\":null},\"" + "0".repeat(64) + "\"]");
        assertThat(ChainHash.of(first)).isEqualTo("4e4539cbdf88685f430e110f39844cbf907bb8d449ad8ecb3cd92c765619ed27");
    }

    /** README's Python, with its unpaired-surrogate line, gives this answer too. */
    @Test
    void unpairedSurrogatesAreHashedEscapedAsTheReadmesPythonDoes() {
        ChainedEntry exotic = entry(1, PAYLOAD, "x\ud800y\u0000", ChainHash.GENESIS);

        assertThat(ChainHash.of(exotic)).isEqualTo("930ceb805e94fbe47bc5e552f0b757bd7abe9a0dafdc8185f374f0e91e0db44f");
    }

    @Test
    void keyOrderSpacingAndNumberFormOfThePayloadDoNotChangeTheHash() {
        JsonNode reordered = EventPayloads.parse("{ \"a\" : [ 1.0, \"x\" ],\n \"b\" : null }");

        assertThat(ChainHash.of(entry(1, reordered, "r", ChainHash.GENESIS)))
                .isEqualTo(ChainHash.of(entry(1, PAYLOAD, "r", ChainHash.GENESIS)));
    }

    @Test
    void changingAnyCoveredValueChangesTheHash() {
        String original = ChainHash.of(entry(1, PAYLOAD, "r", ChainHash.GENESIS));

        assertThat(ChainHash.of(entry(2, PAYLOAD, "r", ChainHash.GENESIS))).isNotEqualTo(original);
        assertThat(ChainHash.of(entry(1, PAYLOAD, "R", ChainHash.GENESIS))).isNotEqualTo(original);
        assertThat(ChainHash.of(entry(1, EventPayloads.parse("{\"a\":[1,\"y\"],\"b\":null}"), "r", ChainHash.GENESIS)))
                .isNotEqualTo(original);
        assertThat(ChainHash.of(entry(1, PAYLOAD, "r", "1".repeat(64)))).isNotEqualTo(original);
        assertThat(ChainHash.of(entry(1, PAYLOAD, null, ChainHash.GENESIS))).isNotEqualTo(original);
    }

    @Test
    void occurredAtIsHashedAtMicrosecondPrecisionLikeTheDatabaseKeepsIt() {
        Instant nanos = Instant.parse("2025-01-01T00:00:00.123456789Z");

        assertThat(ChainHash.formatInstant(nanos)).isEqualTo("2025-01-01T00:00:00.123456Z");
        assertThat(ChainHash.formatInstant(Instant.parse("2025-01-01T00:00:00Z")))
                .isEqualTo("2025-01-01T00:00:00.000000Z");
    }
}

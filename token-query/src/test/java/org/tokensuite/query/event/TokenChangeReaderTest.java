package org.tokensuite.query.event;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenChangeReaderTest {

    private static final String ISSUED = ChangeType.EVENT_PACKAGE + "TokenIssued";
    private static final String REVOKED = ChangeType.EVENT_PACKAGE + "TokenRevoked";
    private static final Instant RECORDED = Instant.parse("2026-01-02T03:04:05Z");

    private final TokenChangeReader reader = new TokenChangeReader();

    private TokenChange read(String type, String json) throws IOException {
        return reader.read(type, json.getBytes(StandardCharsets.UTF_8), RECORDED);
    }

    @Test
    void aRevocationWithAGarbledTimeIsStillARevocation() throws IOException {
        TokenChange change = read(REVOKED, "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"occurredAt\":\"yesterday\"}");
        assertThat(change.type()).isEqualTo(ChangeType.TOKEN_REVOKED);
        assertThat(change.occurredAt()).isEqualTo(RECORDED);
    }

    @Test
    void garbledValidityTimesReadClosed() throws IOException {
        TokenChange change = read(ISSUED, "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"expiresAt\":\"soon\","
                + "\"notBefore\":{\"when\":1},\"occurredAt\":\"2026-01-01T00:00:00Z\"}");
        assertThat(change.expiresAt()).isBefore(RECORDED);
        assertThat(change.notBefore()).isAfter(Instant.parse("9999-01-01T00:00:00Z"));
        assertThat(change.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void instantsAreIsoTextOrEpochSeconds() throws IOException {
        TokenChange change = read(ISSUED, "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"expiresAt\":1700000000.25,"
                + "\"notBefore\":1600000000,\"occurredAt\":\"2026-01-01T01:00:00+01:00\"}");
        assertThat(change.expiresAt()).isEqualTo(Instant.ofEpochSecond(1700000000, 250_000_000));
        assertThat(change.notBefore()).isEqualTo(Instant.ofEpochSecond(1600000000));
        assertThat(change.occurredAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void valuesOfAnotherTypeAreReadAsTheirJsonText() throws IOException {
        TokenChange change = read(ISSUED, "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"name\":5,"
                + "\"scopes\":\"billing:read\",\"allowedCidrs\":[\"10.0.0.0/8\",null,7]}");
        assertThat(change.name()).isEqualTo("5");
        assertThat(change.scopes()).containsExactly("billing:read");
        assertThat(change.allowedCidrs()).containsExactly("10.0.0.0/8", null, "7");
    }

    @Test
    void anyTextIsReadAsItIs() throws IOException {
        TokenChange change = read(ISSUED, "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"name\":\"a\\u0000b\\ud800c\"}");
        assertThat(change.name()).isEqualTo("a\u0000b\ud800c");
        byte[] latin1 = "{\"tokenId\":\"tok_1\",\"ownerId\":\"alice\",\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reader.read(ISSUED, latin1, RECORDED).name()).isEqualTo("caf\uFFFD");
    }

    @Test
    void onlyAPayloadThatIsNoObjectOrLacksItsIdsIsUnreadable() throws IOException {
        for (String json : List.of("{not json", "[1,2]", "\"text\"", "{\"ownerId\":\"alice\"}", "{\"tokenId\":\"tok_1\"}")) {
            assertThatThrownBy(() -> read(ISSUED, json)).as(json).isInstanceOf(IOException.class);
        }
        assertThat(read("org.example.SomethingElse", "{}")).isNull();
    }
}

package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventPayloadsTest {

    @Test
    void payloadKeepsHintsButNeverSecretHashes() {
        JsonNode published = EventPayloads.parse("{\"tokenId\":\"t\",\"secretHash\":\"" + "1".repeat(64) + "\","
                + "\"previousSecretHash\":\"" + "2".repeat(64) + "\",\"hint\":\"wxyz\",\"nested\":{\"SecretHash\":\"x\"}}");

        JsonNode stored = EventPayloads.withoutSecrets(published);

        assertThat(stored.has("secretHash")).isFalse();
        assertThat(stored.has("previousSecretHash")).isFalse();
        assertThat(stored.get("nested").has("SecretHash")).isFalse();
        assertThat(stored.toString()).doesNotContain("1".repeat(64)).doesNotContain("2".repeat(64));
        assertThat(stored.get("hint").asText()).isEqualTo("wxyz");
        assertThat(published.has("secretHash")).as("the published payload itself is left alone").isTrue();
    }

    @Test
    void recordedTimesReadFromIsoTextAndFromEpochSeconds() {
        RecordedEvent iso = new RecordedEvent("X", EventPayloads.parse("{\"occurredAt\":\"2025-01-01T00:00:00.5Z\"}"));
        RecordedEvent epoch = new RecordedEvent("X", EventPayloads.parse("{\"occurredAt\":1735689600.500000000}"));

        assertThat(iso.occurredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.5Z"));
        assertThat(epoch.occurredAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00.5Z"));
    }

    @Test
    void anUnreadableTimeIsAbsentRatherThanAFailure() {
        for (String value : List.of("\"yesterday\"", "1e30", "{}", "\"2025-13-01T00:00:00Z\"")) {
            assertThat(new RecordedEvent("X", EventPayloads.parse("{\"occurredAt\":" + value + "}")).occurredAt())
                    .as(value).isNull();
        }
    }

    @Test
    void userLevelEventsNameTheirOwnerAsUserId() {
        RecordedEvent offboarded = new RecordedEvent("UserOffboarded", EventPayloads.parse("{\"userId\":\"bob\"}"));

        assertThat(offboarded.owner()).isEqualTo("bob");
    }
}

package org.tokensuite.lifecycle.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventReaderTest {

    private final CloudEventReader reader = new CloudEventReader();

    @Test
    void readsAStructuredCloudEvent() throws PoisonEvent {
        CloudEvent event = reader.read(bytes("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"/hr\","
                + "\"type\":\"hr.employee.offboarded\",\"subject\":\"emp-42\",\"time\":\"2025-03-01T10:15:30+01:00\","
                + "\"data\":{\"anything\":[1,2]}}"));

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.type()).isEqualTo("hr.employee.offboarded");
        assertThat(event.subject().value()).isEqualTo("emp-42");
        assertThat(event.occurredAt()).contains(Instant.parse("2025-03-01T09:15:30Z"));
    }

    @Test
    void anEventWithAnUnreadableTimeIsStillAppliedWithoutALagMeasurement() throws PoisonEvent {
        CloudEvent event = reader.read(bytes("{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"/hr\","
                + "\"type\":\"hr.employee.offboarded\",\"subject\":\"emp-42\",\"time\":\"yesterday\"}"));

        assertThat(event.occurredAt()).isEmpty();
    }

    @Test
    void refusesEverythingThatIsNotACloudEvent10WithAValidSubject() {
        assertPoison("", "record has no value");
        assertPoison("{not json", "value is not valid JSON");
        assertPoison("[1,2]", "value is not a JSON object, so not a structured-mode CloudEvent");
        assertPoison("{\"specversion\":\"0.3\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}",
                "specversion is not 1.0; only CloudEvents 1.0 is understood");
        assertPoison("{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}",
                "required CloudEvents attribute 'id' is missing");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"type\":\"t\",\"subject\":\"u\"}",
                "required CloudEvents attribute 'source' is missing");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"subject\":\"u\"}",
                "required CloudEvents attribute 'type' is missing");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"a b\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}",
                "id must be 1-190 visible ASCII characters without spaces");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"subject\":42}",
                "subject is not a valid employee id (1-128 letters, digits, '.', '_', '@' or '-')");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"id\":\"f\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}",
                "value is not valid JSON");
    }

    @Test
    void refusesControlCharactersUnpairedSurrogatesAndOverlongTextInEveryRecordedAttribute() {
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\\u001b[2J\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"u\"}",
                "id must not contain control characters (found U+001B at index 1)");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/hr\\nforged log line\",\"type\":\"t\",\"subject\":\"u\"}",
                "source must not contain control characters (found U+000A at index 3)");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/hr\\ud800\",\"type\":\"t\",\"subject\":\"u\"}",
                "source must be valid Unicode text (unpaired surrogate at index 3)");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/" + "h".repeat(600) + "\",\"type\":\"t\",\"subject\":\"u\"}",
                "source is longer than 512 characters");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"hr.employee.offboarded\\u0085\",\"subject\":\"u\"}",
                "type must not contain control characters (found U+0085 at index 22)");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"" + "t".repeat(101) + "\",\"subject\":\"u\"}",
                "type is longer than 100 characters");
        assertPoison("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"emp-1\\u0000\"}",
                "subject must not contain control characters (found U+0000 at index 5)");
    }

    @Test
    void keepsTheSourceOfAnEventWithPairedSurrogatesAndNonAsciiText() throws PoisonEvent {
        CloudEvent event = reader.read(bytes("{\"specversion\":\"1.0\",\"id\":\"e-3\",\"source\":\"/hr/zürich/\uD83D\uDE00\","
                + "\"type\":\"hr.employee.offboarded\",\"subject\":\"emp-42\"}"));

        assertThat(event.source()).isEqualTo("/hr/zürich/\uD83D\uDE00");
    }

    private void assertPoison(String value, String reason) {
        assertThatThrownBy(() -> reader.read(bytes(value)))
                .isInstanceOf(PoisonEvent.class)
                .hasMessage(reason);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

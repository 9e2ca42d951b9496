package org.tokensuite.platform.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.tokensuite.api.event.EventSamples;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenIssued;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventWireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventWireFormat format = new EventWireFormat();

    @Test
    void everyEventIsWrittenAsItsSample() throws IOException {
        for (EventSamples.Sample sample : EventSamples.all()) {
            WireEvent wire = format.write(sample.event());
            assertThat(wire.type()).as(sample.resource()).isEqualTo(sample.type());
            assertThat(wire.revision()).as(sample.resource()).isEqualTo(sample.revision());
            assertThat(JSON.readTree(wire.payload())).as(sample.resource()).isEqualTo(JSON.readTree(sample.payload()));
        }
    }

    @Test
    void everySampleReadsBackIntoItsRecord() {
        for (EventSamples.Sample sample : EventSamples.all()) {
            TokenEvent read = format.read(new WireEvent(sample.type(), sample.revision(), sample.payload()));
            assertThat(read).as(sample.resource()).isEqualTo(sample.event());
        }
    }

    /** Events were written with Spring Boot's default ObjectMapper before: the fixed settings write the same JSON. */
    @Test
    void theFormatIsWhatSpringBootsDefaultObjectMapperWrote() {
        AtomicReference<ObjectMapper> boot = new AtomicReference<>();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> boot.set(context.getBean(ObjectMapper.class)));
        JacksonSerializer before = JacksonSerializer.builder().revisionResolver(new AnnotationRevisionResolver())
                .objectMapper(boot.get()).build();
        for (EventSamples.Sample sample : EventSamples.all()) {
            SerializedObject<String> old = before.serialize(sample.event(), String.class);
            WireEvent now = format.write(sample.event());
            assertThat(new String(now.payload(), StandardCharsets.UTF_8)).as(sample.resource()).isEqualTo(old.getData());
            assertThat(now.type()).isEqualTo(old.getType().getName());
            assertThat(now.revision()).isEqualTo(old.getType().getRevision());
        }
    }

    @Test
    void unknownFieldsAreIgnoredWhenReading() throws IOException {
        EventSamples.Sample issued = EventSamples.of(TokenIssued.class);
        JsonNode payload = JSON.readTree(issued.payload());
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("addedByANewerWriter", 1);
        assertThat(format.read(new WireEvent(issued.type(), issued.revision(), JSON.writeValueAsBytes(payload))))
                .isEqualTo(issued.event());
    }

    @Test
    void onlyTokenApiEventsOfTheirCurrentRevisionRead() {
        EventSamples.Sample issued = EventSamples.of(TokenIssued.class);
        assertThatThrownBy(() -> format.read(new WireEvent("java.lang.String", "1", issued.payload())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format.read(new WireEvent(issued.type(), "2", issued.payload())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("revision 2");
        assertThatThrownBy(() -> format.read(new WireEvent(issued.type(), "1", "{\"tokenId\":\"nope\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typeNamesAreTheRecordsClassNames() {
        assertThat(EventWireFormat.typeName(TokenIssued.class)).isEqualTo("org.tokensuite.api.event.TokenIssued");
        assertThat(EventWireFormat.eventType("org.tokensuite.api.event.TokenIssued")).contains(TokenIssued.class);
        assertThat(EventWireFormat.eventType("org.tokensuite.api.event.TokenEvent")).isEmpty();
        assertThat(EventWireFormat.eventType("org.tokensuite.api.event.Nothing")).isEmpty();
        assertThat(EventWireFormat.eventType("org.tokensuite.api.value.TokenId")).isEmpty();
        assertThat(EventWireFormat.simpleName("org.tokensuite.api.event.TokenIssued")).isEqualTo("TokenIssued");
        assertThat(EventWireFormat.revision(TokenIssued.class)).isEqualTo("1");
    }
}

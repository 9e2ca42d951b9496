package org.tokensuite.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The samples cover the contract: a new event type or revision without its sample fails here. */
class EventSamplesTest {

    @Test
    void everyEventRecordHasOneSampleInstance() {
        List<String> records = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(TokenEvent.class.getPackageName()).stream()
                .filter(type -> type.isAssignableTo(TokenEvent.class) && type.isRecord())
                .map(JavaClass::getName).sorted().toList();
        List<String> sampled = EventSamples.events().stream().map(event -> event.getClass().getName()).sorted().toList();
        assertThat(sampled).isEqualTo(records);
    }

    @Test
    void everySampleFileBelongsToAnEventAtItsCurrentRevisionAndIsAJsonObject() throws IOException, URISyntaxException {
        Path directory = Path.of(Objects.requireNonNull(getClass().getClassLoader().getResource(EventSamples.DIRECTORY)).toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList();
        }
        List<String> expected = EventSamples.events().stream()
                .map(event -> EventSamples.resource(event.getClass()).substring(EventSamples.DIRECTORY.length())).sorted().toList();
        assertThat(files).isEqualTo(expected);
        for (EventSamples.Sample sample : EventSamples.all()) {
            JsonNode payload = new ObjectMapper().readTree(sample.payload());
            assertThat(payload.isObject()).as(sample.resource()).isTrue();
        }
    }
}

package org.tokensuite.testsupport;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The checked-in OpenAPI document of a service, {@code docs/openapi/<service>.json}: a test hands
 * it the document the running service serves, and fails when the two differ, saying how to
 * regenerate. With {@code -Dopenapi.write=true} the file is written instead. Both sides are
 * normalised the same way (keys sorted, two-space indentation, {@code \n}, a final newline), so
 * the file's diffs show what changed in the API and nothing else.
 */
public final class OpenApiSnapshot {

    /** The system property that turns the comparison into (re)writing the file. */
    public static final String WRITE_PROPERTY = "openapi.write";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private OpenApiSnapshot() {
    }

    /**
     * @param service   the module name, which is also the file's name
     * @param testClass the test calling this, named in the regeneration command
     * @param served    the JSON the service answered on {@code /v3/api-docs}
     */
    public static void check(String service, Class<?> testClass, String served) {
        String actual = normalise(served);
        Path file = repositoryRoot().resolve("docs").resolve("openapi").resolve(service + ".json");
        try {
            if (Boolean.getBoolean(WRITE_PROPERTY)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            String regenerate = "regenerate it with: mvn -B -ntp -o -pl " + service + " -am verify -Dtest="
                    + testClass.getSimpleName() + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
            if (!Files.exists(file)) {
                fail(file + " does not exist; " + regenerate);
            }
            String expected = normalise(Files.readString(file, StandardCharsets.UTF_8));
            if (!expected.equals(actual)) {
                fail("the OpenAPI document " + service + " serves differs from " + file.normalize() + " ("
                        + firstDifference(expected, actual) + "); if the API change is intended, " + regenerate
                        + " and commit the file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String normalise(String json) {
        try {
            Object tree = JSON.readValue(json, Object.class); // maps, so the writer can sort their keys
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer).writeValueAsString(tree) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstDifference(String expected, String actual) {
        List<String> was = expected.lines().toList();
        List<String> is = actual.lines().toList();
        for (int i = 0; i < Math.max(was.size(), is.size()); i++) {
            String a = i < was.size() ? was.get(i) : "<end of file>";
            String b = i < is.size() ? is.get(i) : "<end of document>";
            if (!a.equals(b)) {
                return "first difference at line " + (i + 1) + ": file has `" + a.strip() + "`, service serves `" + b.strip() + "`";
            }
        }
        return "they differ";
    }

    /** The directory holding {@code docs/}: a module's tests run in the module's directory, one below. */
    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("docs")) && Files.exists(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no docs/ directory above " + dir);
    }
}

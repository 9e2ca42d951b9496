package org.tokensuite.infra.bench;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.SuiteOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private copy of what the suite runs from (the four exec jars and infra's {@code target/lib}),
 * laid out like the repository so {@link SuiteOptions} can use it as its root: a build started by
 * someone else in the shared tree during a run then cannot swap a jar under a starting service.
 */
final class JarSnapshot {

    private JarSnapshot() {
    }

    static Path take(Path root, Path into) throws IOException {
        for (Service service : Service.values()) {
            Path jar = root.resolve(service.module()).resolve("target").resolve(service.execJarName(SuiteOptions.VERSION));
            Path copy = into.resolve(service.module()).resolve("target").resolve(jar.getFileName());
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Path lib = SuiteOptions.libDirectory(root);
        Path libCopy = SuiteOptions.libDirectory(into);
        Files.createDirectories(libCopy);
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, libCopy.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return into;
    }

    static void delete(Path snapshot) {
        try (Stream<Path> paths = Files.walk(snapshot)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.printf("[bench] could not delete %s: %s%n", snapshot, e.getMessage());
        }
    }
}

package org.tokensuite.infra.e2e;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where an end-to-end test's suite keeps its logs and broker data: under infra/target/e2e, kept for inspection. */
final class E2eDirectories {

    private E2eDirectories() {
    }

    static Path forTest(String name) {
        Path base = Path.of(System.getProperty("tokensuite.e2e.directory", "target/e2e"));
        return base.resolve(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")))
                .toAbsolutePath();
    }
}

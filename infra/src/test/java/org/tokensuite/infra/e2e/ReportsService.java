package org.tokensuite.infra.e2e;

import org.tokensuite.infra.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * Another team's service as it would run beside the suite: {@code example-resource-server}'s jar, which
 * takes token-platform and nothing else of the suite, started as its own process with the two settings
 * the starter needs (the introspection URLs and a credential file). Its log goes into the suite's log
 * folder, so the secret sweep reads it too.
 */
final class ReportsService implements AutoCloseable {

    private static final String JAR = "example-resource-server/target/example-resource-server-0.1.0-SNAPSHOT-exec.jar";

    private final Process process;
    private final URI url;
    private final Path credentialFile;

    private ReportsService(Process process, URI url, Path credentialFile) {
        this.process = process;
        this.url = url;
        this.credentialFile = credentialFile;
    }

    static ReportsService start(Path root, Path logDirectory, String introspectionUrls, String credential) {
        Path jar = root.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the example first (mvn package): " + jar);
        }
        int port = Ports.free();
        try {
            // Outside the log folder: the sweep would rightly count a token found there as a leak.
            Path credentialFile = Files.createTempFile("reports-credential", "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(credentialFile, credential);
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logDirectory.resolve("example-resource-server.log").toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS", introspectionUrls);
            builder.environment().put("TOKENS_RESOURCE_SERVER_CREDENTIAL_FILE", credentialFile.toString());
            ReportsService service = new ReportsService(builder.start(), URI.create("http://127.0.0.1:" + port),
                    credentialFile);
            service.awaitListening(port, Duration.ofSeconds(90));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return url;
    }

    private void awaitListening(int port, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (!Ports.inUse(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("example-resource-server exited with " + process.exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("example-resource-server did not listen on " + port + " within " + patience);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(credentialFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

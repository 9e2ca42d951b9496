package org.tokensuite.infra.e2e;

import org.tokensuite.infra.FileTree;
import org.tokensuite.infra.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Another team's service as it would run beside the suite: a module's exec jar started as its own process on
 * a free port ({@code PORT}). Its secrets are files in a private directory outside the log folder (the secret
 * sweep would rightly count a token found there as a leak); its log goes into the suite's log folder, so the
 * sweep reads that too.
 */
final class SideService implements AutoCloseable {

    private final String name;
    private final Process process;
    private final URI url;
    private final Path secrets;

    private SideService(String name, Process process, URI url, Path secrets) {
        this.name = name;
        this.process = process;
        this.url = url;
        this.secrets = secrets;
    }

    /**
     * @param module      the module whose {@code target/<module>-0.1.0-SNAPSHOT-exec.jar} runs
     * @param secretFiles file name → content, written into the private directory
     * @param environment the process's settings, given that directory
     */
    static SideService start(Path root, Path logDirectory, String module, Map<String, String> secretFiles,
                             Function<Path, Map<String, String>> environment) {
        Path jar = root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build " + module + " first (mvn package): " + jar);
        }
        int port = Ports.free();
        try {
            Path secrets = Files.createTempDirectory(module + "-secrets",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (Map.Entry<String, String> file : secretFiles.entrySet()) {
                Files.writeString(Files.createFile(secrets.resolve(file.getKey()),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), file.getValue());
            }
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(logDirectory.resolve(module + ".log").toFile());
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().putAll(environment.apply(secrets));
            SideService service = new SideService(module, builder.start(), URI.create("http://127.0.0.1:" + port), secrets);
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
                throw new IllegalStateException(name + " exited with " + process.exitValue());
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException(name + " did not listen on " + port + " within " + patience);
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
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileTree.delete(secrets);
    }
}

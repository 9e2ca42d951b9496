package org.tokensuite.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The principals' Kafka passwords, one file each ({@code <dir>/<principal>}, mode 600): generated when
 * the broker's storage is formatted (which creates their SCRAM credentials), read when a client needs them.
 * A service is given the file's path, never the password.
 */
public final class KafkaCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    public KafkaCredentials(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public Path directory() {
        return directory;
    }

    public Path file(KafkaPrincipal principal) {
        return directory.resolve(principal.username());
    }

    /** Whether every principal has its password file (only then can a formatted broker be used). */
    public boolean complete() {
        return Arrays.stream(KafkaPrincipal.values()).allMatch(p -> Files.isRegularFile(file(p)));
    }

    /** New passwords for every principal (the old files are replaced): only when formatting new storage. */
    public void generate() {
        for (KafkaPrincipal principal : KafkaPrincipal.values()) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            // URL-safe base64: nothing to quote in JAAS, in --add-scram or in a shell.
            PrivateFile.write(file(principal), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
    }

    public String password(KafkaPrincipal principal) {
        try {
            return Files.readString(file(principal)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka password of " + principal.username() + " from "
                    + file(principal), e);
        }
    }
}

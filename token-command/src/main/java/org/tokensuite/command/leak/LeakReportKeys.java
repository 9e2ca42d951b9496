package org.tokensuite.command.leak;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys leak reports are signed with: one PEM file per key in {@code tokens.leaks.public-keys-dir},
 * named {@code <key id>.pem} (ECDSA P-256, {@code -----BEGIN PUBLIC KEY-----}). Read on every report, so a
 * scanner's key rotation is a file added (and later removed), without a restart. A file that is not such a key
 * is skipped and logged.
 */
@Component
public class LeakReportKeys {

    private static final Logger log = LoggerFactory.getLogger(LeakReportKeys.class);

    private final Path directory;

    public LeakReportKeys(@Value("${tokens.leaks.public-keys-dir:}") String directory) {
        this.directory = directory == null || directory.isBlank() ? null : Path.of(directory);
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(all().get(keyId));
    }

    Map<String, PublicKey> all() {
        Map<String, PublicKey> keys = new HashMap<>();
        if (directory == null || !Files.isDirectory(directory)) {
            return keys;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pem")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String keyId = name.substring(0, name.length() - ".pem".length());
                try {
                    keys.put(keyId, parse(Files.readString(file, StandardCharsets.US_ASCII)));
                } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                    log.warn("leak report key {} skipped: not an ECDSA P-256 public key in PEM ({})", file, e.getClass().getSimpleName());
                }
            }
        } catch (IOException e) {
            log.warn("leak report keys in {} could not be read: {}", directory, e.getClass().getSimpleName());
        }
        return keys;
    }

    static PublicKey parse(String pem) throws GeneralSecurityException {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("not a P-256 key");
        }
        return key;
    }
}

package org.tokensuite.audit.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known answers from RFC 8032 (test 1 key) and openssl, so the README's offline procedures
 * ({@code openssl pkeyutl}, Python's {@code cryptography}) agree with what the service signs.
 */
class SigningKeyFileTest {

    /** RFC 8032 section 7.1, TEST 1, as {@code openssl pkey} writes it (PKCS#8 PEM). */
    private static final String RFC8032_TEST1_PEM = "-----BEGIN PRIVATE KEY-----\n"
            + "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
            + "-----END PRIVATE KEY-----\n";
    private static final String RFC8032_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @TempDir
    Path dir;

    @Test
    void aPemKeyFileYieldsItsPublicKeyAndTheOpensslFingerprintAsKeyId() throws Exception {
        Path file = dir.resolve("rfc.pem");
        Files.writeString(file, RFC8032_TEST1_PEM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        SigningKey key = SigningKeyFile.loadOrCreate(file);

        assertThat(HexFormat.of().formatHex(key.publicKey())).isEqualTo(RFC8032_TEST1_PUBLIC);
        // openssl pkey -pubin -in pub.pem -outform DER | sha256sum
        assertThat(key.keyId()).isEqualTo("06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
        assertThat(SigningKey.pem(key.publicKey())).isEqualTo("-----BEGIN PUBLIC KEY-----\n"
                + "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n");
    }

    @Test
    void aCheckpointMessageIsSignedExactlyAsOpensslSignsTheSameBytes() throws Exception {
        Path file = dir.resolve("rfc.pem");
        Files.writeString(file, RFC8032_TEST1_PEM);
        SigningKey key = SigningKeyFile.loadOrCreate(file);
        byte[] message = CheckpointMessage.of(42, "a".repeat(64), Instant.parse("2025-01-31T12:00:00Z"));

        assertThat(new String(message, StandardCharsets.US_ASCII))
                .isEqualTo("tokensuite-audit-checkpoint\n42\n" + "a".repeat(64) + "\n2025-01-31T12:00:00.000000Z");
        // openssl pkeyutl -sign -inkey rfc.pem -rawin -in message.bin | base64 (Ed25519 is deterministic)
        assertThat(Base64.getEncoder().encodeToString(key.sign(message))).isEqualTo(
                "yd2MbgSAiO7CK7tTtarsjwCQheL6caQhzVqqvtQsnpcpR9h5uDRDAFh7AFc+9BPFl5oIf8X7gk3vczhreAxfBA==");
        assertThat(SigningKey.verifies(key.publicKey(), message, key.sign(message))).isTrue();
        message[message.length - 1] ^= 1;
        assertThat(SigningKey.verifies(key.publicKey(), message, key.sign("other".getBytes()))).isFalse();
    }

    @Test
    void aMissingKeyFileIsCreatedReadableByItsOwnerOnlyAndReadBackAsTheSameKey() throws Exception {
        Path file = dir.resolve("keys/new.pem");

        SigningKey created = SigningKeyFile.loadOrCreate(file);
        SigningKey again = SigningKeyFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(again.keyId()).isEqualTo(created.keyId());
        assertThat(again.publicKey()).isEqualTo(created.publicKey());
    }

    @Test
    void aFileThatHoldsNoEd25519KeyStopsTheStart() throws Exception {
        Path file = dir.resolve("bad.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Ed25519 PKCS#8 key");
    }
}

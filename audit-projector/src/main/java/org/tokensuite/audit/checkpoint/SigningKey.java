package org.tokensuite.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key pair the chain's checkpoints are signed with, and the static rules every
 * verifier (this service, an auditor's script) applies to a public key: its key id is the
 * SHA-256 (hex) of its X.509 SubjectPublicKeyInfo DER, which is {@code 302a300506032b6570032100}
 * followed by the raw 32-byte key ({@code openssl pkey -pubin -in key.pem -outform DER | sha256sum}).
 */
public final class SigningKey {

    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final String keyId;

    SigningKey(PrivateKey privateKey, byte[] rawPublicKey) {
        this.privateKey = privateKey;
        this.publicKey = rawPublicKey.clone();
        this.keyId = keyId(rawPublicKey);
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String keyId() {
        return keyId;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static byte[] x509(byte[] rawPublicKey) {
        if (rawPublicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(rawPublicKey, 0, der, X509_PREFIX.length, 32);
        return der;
    }

    public static String keyId(byte[] rawPublicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x509(rawPublicKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(byte[] rawPublicKey) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(x509(rawPublicKey))
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** True when {@code signature} is this public key's Ed25519 signature of {@code message}. */
    public static boolean verifies(byte[] rawPublicKey, byte[] message, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509(rawPublicKey)));
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}

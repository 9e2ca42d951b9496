package org.tokensuite.api.secret;

import org.tokensuite.api.value.TokenHash;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The token format: {@code tkn_} + 43 base62 characters of 32 random bytes + 6 base62
 * characters of a CRC32 of everything before them. The prefix lets secret scanners find leaked
 * tokens; the checksum rejects typos and junk without a lookup. Only the SHA-256 of the whole
 * token is ever stored.
 */
public final class TokenSecrets {

    public static final String PREFIX = "tkn_";
    public static final int RANDOM_BYTES = 32;
    static final int BODY_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + BODY_LENGTH + CHECKSUM_LENGTH;
    public static final int HINT_LENGTH = 4;

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = random;
    }

    public TokenSecrets() {
        this(new SecureRandom());
    }

    /** A fresh secret. The caller must show it once and keep only {@link #hash(String)}. */
    public String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String head = PREFIX + Base62.encode(new BigInteger(1, bytes), BODY_LENGTH);
        return head + checksum(head);
    }

    /** Prefix, length, alphabet and checksum; cheap, and touches no storage. */
    public static boolean isWellFormed(String token) {
        if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (!Base62.isBase62(token.charAt(i))) {
                return false;
            }
        }
        String head = token.substring(0, LENGTH - CHECKSUM_LENGTH);
        byte[] expected = checksum(head).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = token.substring(LENGTH - CHECKSUM_LENGTH).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    public static TokenHash hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return new TokenHash(HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** The last four characters, for people to recognise a token; part of the checksum, so it reveals no entropy. */
    public static String hint(String token) {
        return token.substring(token.length() - HINT_LENGTH);
    }

    static String checksum(String head) {
        CRC32 crc = new CRC32();
        crc.update(head.getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}

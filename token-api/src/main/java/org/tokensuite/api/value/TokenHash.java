package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 of a whole token secret, lowercase hex: the only form in which a secret is stored. */
public record TokenHash(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    @JsonCreator
    public TokenHash {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("token hash must be 64 lowercase hex digits");
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(value);
    }

    /** Constant-time, so timing tells nothing about how much of a hash matched. */
    public boolean matches(TokenHash other) {
        return other != null && MessageDigest.isEqual(bytes(), other.bytes());
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

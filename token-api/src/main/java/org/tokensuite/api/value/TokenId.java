package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;
import java.util.regex.Pattern;

/** Identifies a token (not its secret): safe to log, publish and show. */
public record TokenId(String value) {

    private static final Pattern FORMAT = Pattern.compile("tok_[0-9a-f]{32}");

    @JsonCreator
    public TokenId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("token id must look like tok_ followed by 32 hex digits");
        }
    }

    public static TokenId random() {
        return new TokenId("tok_" + UUID.randomUUID().toString().replace("-", ""));
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
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

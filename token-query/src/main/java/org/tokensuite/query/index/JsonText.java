package org.tokensuite.query.index;

import java.nio.charset.StandardCharsets;

/**
 * A JSON string literal as ASCII bytes, for the precomputed parts of introspection answers. Every
 * character outside printable ASCII, and {@code "} and {@code \}, is written as {@code \}{@code uXXXX}:
 * the answer stays valid JSON whatever an event carried (a quote cannot add a member, a NUL or an
 * unpaired surrogate cannot break the encoding), and a reader gets the exact string back.
 */
public final class JsonText {

    private JsonText() {
    }

    /** Whether {@code text} can be copied into a JSON string byte for byte (the usual case). */
    public static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** The contents of the literal, without the surrounding quotes. */
    public static byte[] escaped(String text) {
        if (isPlain(text)) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

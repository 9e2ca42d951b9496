package org.tokensuite.query.projection;

import java.util.List;

/**
 * How the view stores text it did not choose: PostgreSQL text cannot hold NUL, and the driver
 * cannot encode an unpaired UTF-16 surrogate, yet events written before the input rules existed
 * may carry both. Text free of them (all text the suite writes today) is stored as it is. Other
 * text is stored as {@value #MARKER_NAME} followed by the text with {@code \} doubled, NUL as
 * {@code \0} and each unpaired surrogate as {@code \}{@code uXXXX}; text that happens to begin with
 * the marker is stored that way too, so {@link #decode} returns exactly the original string.
 */
public final class StoredText {

    /** U+0001, a control character the input rules refuse: no text written today begins with it. */
    static final char MARKER = '\u0001';
    static final String MARKER_NAME = "U+0001";

    private StoredText() {
    }

    public static String encode(String text) {
        if (text == null || isPlain(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(MARKER);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == 0) {
                out.append("\\0");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public static String decode(String stored) {
        if (stored == null || stored.isEmpty() || stored.charAt(0) != MARKER) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 1; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c != '\\' || i + 1 >= stored.length()) {
                out.append(c);
                continue;
            }
            char next = stored.charAt(++i);
            if (next == '0') {
                out.append('\0');
            } else if (next == 'u' && i + 4 < stored.length()) {
                out.append((char) Integer.parseInt(stored.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(next);
            }
        }
        return out.toString();
    }

    /** A PostgreSQL array literal of encoded elements, each quoted (so commas, braces and quotes are data); nulls are left out. */
    public static String array(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder("{");
        for (String value : values) {
            if (value == null) {
                continue;
            }
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            String encoded = encode(value);
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    private static boolean isPlain(String text) {
        if (!text.isEmpty() && text.charAt(0) == MARKER) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}

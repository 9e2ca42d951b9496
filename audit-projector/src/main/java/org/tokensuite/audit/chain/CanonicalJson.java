package org.tokensuite.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one text form of a JSON value that the chain hashes, so that anyone can recompute a hash
 * from parsed JSON, whatever spacing or key order the storage or transport used: object keys
 * sorted (by UTF-16 code units, as RFC 8785), no whitespace, strings escaped minimally (RFC 8785:
 * {@code \" \\ \b \f \n \r \t}, other control characters as backslash-u and four lowercase hex digits, everything
 * else literal), numbers in plain decimal without exponent or trailing zeros.
 * <p>
 * Two cases RFC 8785 leaves out, because an event may hold anything: an unpaired UTF-16
 * surrogate (which UTF-8 cannot encode) is escaped like a control character, backslash-u and
 * four lowercase hex digits, so the text stays valid UTF-8 and the value exact; a number whose
 * plain form would need more than {@value #MAX_PLAIN_SCALE} digits of zeros is written in
 * {@link BigDecimal#toString()}'s scientific form (e.g. {@code 1E+999999999}) instead of a
 * gigabyte of zeros.
 */
public final class CanonicalJson {

    /** Beyond this scale (either sign) a number is written in scientific form. */
    public static final int MAX_PLAIN_SCALE = 1000;

    private CanonicalJson() {
    }

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendString(out, names.get(i));
                out.append(':');
                append(out, node.get(names.get(i)));
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> elements = node.elements();
            boolean first = true;
            while (elements.hasNext()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                append(out, elements.next());
            }
            out.append(']');
        } else if (node.isTextual()) {
            appendString(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            out.append(plain(node.decimalValue()));
        } else {
            // Binary or POJO nodes never come from parsed JSON; write their text form.
            appendString(out, node.asText());
        }
    }

    private static String plain(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.abs((long) stripped.scale()) > MAX_PLAIN_SCALE ? stripped.toString() : stripped.toPlainString();
    }

    static void appendString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

package org.tokensuite.api.value;

/**
 * The rule for every free-text value that reaches an event or a table (names, reasons,
 * correlation ids, HR and SCIM attributes): no NUL or other C0/C1 control character (line
 * breaks and tabs included), no unpaired UTF-16 surrogate, and no more than a field's maximum
 * length. Such text cannot forge log lines or terminal escapes, and every store holds it as is.
 */
public final class FreeText {

    private FreeText() {
    }

    /** Why {@code value} breaks the rule, naming {@code field}; null when it is fine (null values are fine). */
    public static String problem(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            return field + " is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return field + " must not contain control characters (found U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return field + " must be valid Unicode text (unpaired surrogate at index " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return field + " must be valid Unicode text (unpaired surrogate at index " + i + ")";
            }
        }
        return null;
    }

    /** {@code value} itself when it keeps the rule; otherwise IllegalArgumentException naming the field. */
    public static String require(String field, String value, int maxLength) {
        String problem = problem(field, value, maxLength);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }
}

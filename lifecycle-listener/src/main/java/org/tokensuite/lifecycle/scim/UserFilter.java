package org.tokensuite.lifecycle.scim;

import org.tokensuite.api.value.FreeText;

import java.util.Locale;

/**
 * The one kind of SCIM filter (RFC 7644 §3.4.2.2) identity providers send to find a user before
 * creating or linking them: {@code <attribute> eq "<value>"}, the attribute {@code userName},
 * {@code externalId} or {@code id} (names in any case, optionally with the core User schema's URN).
 * Anything else is refused with 400 {@code invalidFilter}.
 */
public record UserFilter(Attribute attribute, String value) {

    public enum Attribute { USER_NAME, EXTERNAL_ID, ID }

    static final int LIMIT = 512;
    private static final String USER_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";

    /** The filter, or null when {@code text} is null (no filter: every user). */
    public static UserFilter parse(String text) {
        if (text == null) {
            return null;
        }
        String problem = FreeText.problem("filter", text, LIMIT);
        if (problem != null) {
            throw invalid(problem);
        }
        Cursor cursor = new Cursor(text);
        cursor.skipSpaces();
        String name = cursor.word();
        Attribute attribute = attribute(name);
        if (!cursor.skipSpaces()) {
            throw invalid("a filter must be 'attribute eq \"value\"'");
        }
        String operator = cursor.word();
        if (!operator.equalsIgnoreCase("eq")) {
            throw invalid("only the 'eq' operator is supported");
        }
        if (!cursor.skipSpaces()) {
            throw invalid("a filter must be 'attribute eq \"value\"'");
        }
        String value = cursor.quoted();
        cursor.skipSpaces();
        if (!cursor.atEnd()) {
            throw invalid("only a single 'attribute eq \"value\"' is supported (no and, or, not or grouping)");
        }
        // an escape must not smuggle in what the filter's own text may not hold
        String valueProblem = FreeText.problem("the filter's value", value, ScimBody.TEXT_LIMIT);
        if (valueProblem != null) {
            throw invalid(valueProblem);
        }
        return new UserFilter(attribute, value);
    }

    private static Attribute attribute(String name) {
        String folded = name.toLowerCase(Locale.ROOT);
        if (folded.startsWith(USER_SCHEMA_PREFIX)) {
            folded = folded.substring(USER_SCHEMA_PREFIX.length());
        }
        return switch (folded) {
            case "username" -> Attribute.USER_NAME;
            case "externalid" -> Attribute.EXTERNAL_ID;
            case "id" -> Attribute.ID;
            case "" -> throw invalid("a filter must start with an attribute name");
            default -> throw invalid("only userName, externalId and id can be filtered on");
        };
    }

    private static ScimRequestRefused invalid(String detail) {
        return ScimRequestRefused.badRequest("invalidFilter", detail);
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        /** Skips spaces; whether there were any. */
        boolean skipSpaces() {
            int from = at;
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
            return at > from;
        }

        boolean atEnd() {
            return at == text.length();
        }

        String word() {
            int from = at;
            while (at < text.length() && text.charAt(at) != ' ' && text.charAt(at) != '"' && text.charAt(at) != '('
                    && text.charAt(at) != ')' && text.charAt(at) != '[') {
                at++;
            }
            if (at < text.length() && (text.charAt(at) == '(' || text.charAt(at) == '[')) {
                throw invalid("grouping and value paths are not supported in filters");
            }
            return text.substring(from, at);
        }

        /** A JSON string (RFC 7644 compValue): quotes, with \" \\ \/ \b \f \n \r \t and \\uXXXX escapes. */
        String quoted() {
            if (at >= text.length() || text.charAt(at) != '"') {
                throw invalid("the value must be a string in double quotes");
            }
            StringBuilder value = new StringBuilder();
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw invalid("the value has a broken \\u escape");
                        }
                        try {
                            value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException e) {
                            throw invalid("the value has a broken \\u escape");
                        }
                        at += 4;
                    }
                    // a control character is never a valid userName or externalId here
                    default -> throw invalid("the value has an escape that is not supported");
                }
            }
            throw invalid("the value's closing quote is missing");
        }
    }
}

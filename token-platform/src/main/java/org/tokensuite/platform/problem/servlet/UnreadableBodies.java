package org.tokensuite.platform.problem.servlet;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Says precisely why a JSON body could not be read, naming the field by its path and never quoting
 * the value (a value may be a pasted secret). Jackson's own messages quote it, so they are not used,
 * except the message of a value type's own validation (an IllegalArgumentException its constructor
 * throws), which the service wrote.
 */
final class UnreadableBodies {

    private UnreadableBodies() {
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "a JSON body is required";
        }
        if (cause instanceof UnrecognizedPropertyException e) {
            return "unknown field '" + path(e) + "'";
        }
        if (cause instanceof ValueInstantiationException e && e.getCause() instanceof IllegalArgumentException) {
            return "field '" + path(e) + "': " + e.getCause().getMessage();
        }
        if (cause instanceof MismatchedInputException e) {
            // InvalidFormatException is one: a value of the right JSON type that does not parse.
            Class<?> target = e.getTargetType();
            String field = path(e);
            if (field.isEmpty()) {
                return "the body must be a JSON object";
            }
            if (target != null && Duration.class.isAssignableFrom(target)) {
                return "field '" + field + "' must be an ISO-8601 duration such as P30D or PT1H";
            }
            if (target != null && Instant.class.isAssignableFrom(target)) {
                return "field '" + field + "' must be an ISO-8601 UTC time such as 2030-01-31T12:00:00Z";
            }
            return "field '" + field + "' has the wrong type" + (target == null ? "" : " (expected " + describeType(target) + ")");
        }
        if (cause instanceof JsonMappingException e && e.getCause() instanceof DateTimeException) {
            return "field '" + path(e) + "' is not a valid ISO-8601 value";
        }
        if (cause instanceof JsonParseException) {
            return "the body is not well-formed JSON";
        }
        if (cause instanceof JsonMappingException e) {
            return "field '" + path(e) + "' could not be read";
        }
        return "the body could not be read as JSON";
    }

    private static String describeType(Class<?> target) {
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "an array";
        }
        if (target == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}

package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.api.value.FreeText;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a SCIM request body: a JSON object whose every attribute name and string value keeps the
 * suite's free-text rule (no control characters, no unpaired surrogates, bounded), checked before
 * anything is interpreted, the refusal naming the attribute by its place in the body.
 */
final class ScimBody {

    static final int TEXT_LIMIT = 256;
    private static final int DEPTH_LIMIT = 8;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._$-]{0,79}");

    private ScimBody() {
    }

    /** The body as a JSON object; {@code what} names the expected document in the refusal. */
    static JsonNode read(ObjectMapper json, byte[] body, String what) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body is not valid JSON");
        } catch (IOException e) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body must be a " + what + " JSON object");
        }
        requireFreeText(root, "", 0);
        return root;
    }

    /** The object's member named {@code name} in any case (SCIM attribute names are case-insensitive), or null. */
    static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    /** Whether {@code schemas} is an array naming the schema (in any case). */
    static boolean hasSchema(JsonNode root, String schema) {
        JsonNode schemas = root.get("schemas");
        if (schemas == null || !schemas.isArray()) {
            return false;
        }
        for (JsonNode each : schemas) {
            if (each.isTextual() && schema.equalsIgnoreCase(each.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A boolean as SCIM clients send it: {@code true}/{@code false}, or (Entra ID) the strings "True"/"False". */
    static boolean bool(JsonNode value, String place) {
        if (value != null && value.isBoolean()) {
            return value.asBoolean();
        }
        if (value != null && value.isTextual()) {
            if (value.asText().equalsIgnoreCase("true")) {
                return true;
            }
            if (value.asText().equalsIgnoreCase("false")) {
                return false;
            }
        }
        throw ScimRequestRefused.badRequest("invalidValue", place + " must be true or false");
    }

    /** A string attribute: null when absent or null, else it must be a string. */
    static String text(JsonNode value, String place) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimRequestRefused.badRequest("invalidValue", place + " must be a string");
        }
        return value.asText();
    }

    private static void requireFreeText(JsonNode node, String place, int depth) {
        if (depth > DEPTH_LIMIT && node.isContainerNode()) {
            // nothing this service accepts nests deeper; refusing early also bounds the walk
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body nests deeper than a SCIM request can");
        }
        if (node.isTextual()) {
            String problem = FreeText.problem(place, node.asText(), TEXT_LIMIT);
            if (problem != null) {
                throw ScimRequestRefused.badRequest("invalidValue", problem);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireFreeText(node.get(i), place + "[" + i + "]", depth + 1);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = FreeText.problem("an attribute name" + (place.isEmpty() ? "" : " in " + place),
                        field.getKey(), TEXT_LIMIT);
                if (name != null) {
                    throw ScimRequestRefused.badRequest("invalidValue", name);
                }
                requireFreeText(field.getValue(), place.isEmpty() ? name(field.getKey()) : place + "." + name(field.getKey()),
                        depth + 1);
            }
        }
    }

    // A place in the body is named after its attributes only when they look like SCIM names, and
    // only so deep: an error must not echo arbitrary client text back at length.
    private static String name(String key) {
        return ATTRIBUTE_NAME.matcher(key).matches() ? key : "?";
    }
}

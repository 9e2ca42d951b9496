package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.tokensuite.api.value.FreeText;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Accepts a SCIM PatchOp (RFC 7644 §3.5.2) only when every operation deactivates the user, in
 * either form identity providers send: {@code {"op":"replace","path":"active","value":false}} or
 * {@code {"op":"replace","value":{"active":false}}}. Anything else is refused: this service can
 * deprovision, nothing more, and a PATCH is all-or-nothing.
 */
@Component
public class PatchOpReader {

    public static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String USER_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";
    private static final int TEXT_LIMIT = 256;
    private static final int DEPTH_LIMIT = 8;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:._$-]{0,79}");

    private final ObjectMapper json;

    public PatchOpReader(ObjectMapper json) {
        this.json = json;
    }

    /** Returns normally when the body is a pure deactivation; throws {@link ScimRequestRefused} otherwise. */
    public void requireDeactivation(byte[] body) {
        JsonNode root = parse(body);
        requireFreeText(root, "");
        if (!hasPatchOpSchema(root.get("schemas"))) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "schemas must contain " + PATCH_OP_SCHEMA);
        }
        JsonNode operations = fieldIgnoringCase(root, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "Operations must be a non-empty array");
        }
        for (JsonNode operation : operations) {
            requireDeactivating(operation);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode root = body.length == 0 ? null : json.readTree(body);
            if (root == null || !root.isObject()) {
                throw ScimRequestRefused.badRequest("invalidSyntax", "the body must be a PatchOp JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body is not valid JSON");
        } catch (IOException e) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body could not be read");
        }
    }

    /**
     * Every attribute name and string value anywhere in the body keeps the suite's free-text rule
     * (no control characters, no unpaired surrogates, bounded), checked before anything is
     * interpreted; the refusal names the attribute by its place in the body.
     */
    private static void requireFreeText(JsonNode node, String place) {
        requireFreeText(node, place, 0);
    }

    private static void requireFreeText(JsonNode node, String place, int depth) {
        if (depth > DEPTH_LIMIT && node.isContainerNode()) {
            // nothing this service accepts nests deeper; refusing early also bounds the walk
            throw ScimRequestRefused.badRequest("invalidSyntax", "the body nests deeper than a PatchOp can");
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

    private static boolean hasPatchOpSchema(JsonNode schemas) {
        if (schemas == null || !schemas.isArray()) {
            return false;
        }
        for (JsonNode schema : schemas) {
            if (schema.isTextual() && PATCH_OP_SCHEMA.equalsIgnoreCase(schema.asText())) {
                return true;
            }
        }
        return false;
    }

    private static void requireDeactivating(JsonNode operation) {
        if (!operation.isObject()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "each operation must be a JSON object");
        }
        JsonNode op = operation.get("op");
        String verb = op != null && op.isTextual() ? op.asText().toLowerCase(Locale.ROOT) : "";
        // For a single-valued attribute "add" replaces (RFC 7644 §3.5.2.1); some providers send it.
        if (!verb.equals("replace") && !verb.equals("add")) {
            throw ScimRequestRefused.badRequest("invalidSyntax",
                    "only 'replace' of active with false is supported (deprovisioning); op was not replace");
        }
        JsonNode path = operation.get("path");
        JsonNode value = operation.get("value");
        if (path != null && !path.isNull()) {
            if (!path.isTextual() || !isActive(path.asText())) {
                throw ScimRequestRefused.badRequest("invalidPath",
                        "only the attribute 'active' can be changed here (deprovisioning); other attributes are not supported");
            }
            requireFalse(value);
            return;
        }
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidValue",
                    "an operation without a path needs an object value such as {\"active\": false}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!isActive(field.getKey())) {
                throw ScimRequestRefused.badRequest("invalidPath",
                        "only the attribute 'active' can be changed here (deprovisioning); other attributes are not supported");
            }
            requireFalse(field.getValue());
        }
    }

    // Attribute names are case-insensitive in SCIM and may carry the core User schema's URN.
    private static boolean isActive(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (name.startsWith(USER_SCHEMA_PREFIX)) {
            name = name.substring(USER_SCHEMA_PREFIX.length());
        }
        return name.equals("active");
    }

    // Some providers (Entra ID) send the boolean as the string "False".
    private static void requireFalse(JsonNode value) {
        boolean isFalse = value != null
                && ((value.isBoolean() && !value.asBoolean())
                || (value.isTextual() && value.asText().equalsIgnoreCase("false")));
        if (!isFalse) {
            throw ScimRequestRefused.badRequest("invalidValue",
                    "only active=false (deprovisioning) is supported; a deprovisioned user cannot be reactivated here");
        }
    }

    private static JsonNode fieldIgnoringCase(JsonNode root, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}

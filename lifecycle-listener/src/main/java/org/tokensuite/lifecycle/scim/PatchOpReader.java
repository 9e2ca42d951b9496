package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * For an owner id not recorded here (a person only HR knows), accepts a SCIM PatchOp (RFC 7644
 * §3.5.2) only when every operation deactivates the user, in either form identity providers send:
 * {@code {"op":"replace","path":"active","value":false}} or {@code {"op":"replace","value":{"active":false}}}.
 * Anything else is refused: for such a user this service can deprovision, nothing more, and a PATCH is
 * all-or-nothing. A recorded user's PATCH is {@link UserPatch}'s.
 */
@Component
public class PatchOpReader {

    public static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String USER_SCHEMA_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";

    private final ObjectMapper json;

    public PatchOpReader(ObjectMapper json) {
        this.json = json;
    }

    /** Returns normally when the body is a pure deactivation; throws {@link ScimRequestRefused} otherwise. */
    public void requireDeactivation(byte[] body) {
        JsonNode root = ScimBody.read(json, body, "PatchOp");
        if (!ScimBody.hasSchema(root, PATCH_OP_SCHEMA)) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "schemas must contain " + PATCH_OP_SCHEMA);
        }
        JsonNode operations = ScimBody.field(root, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "Operations must be a non-empty array");
        }
        for (JsonNode operation : operations) {
            requireDeactivating(operation);
        }
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
}

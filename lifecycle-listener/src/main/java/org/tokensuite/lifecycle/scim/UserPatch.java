package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a recorded user, all or nothing, in the forms Okta and
 * Entra ID send: {@code op} in any case ({@code Replace}), with a {@code path} ({@code active},
 * {@code name.givenName}, {@code emails[type eq "work"].value}) or without one (a value object),
 * booleans as {@code false} or {@code "False"}. Attributes of the core and enterprise User schemas
 * this service does not keep are accepted and ignored; anything else is {@code invalidPath}.
 */
@Component
public class UserPatch {

    private static final String CORE_PREFIX = "urn:ietf:params:scim:schemas:core:2.0:user:";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user";
    private static final Pattern EMAIL_OF_TYPE = Pattern.compile("emails\\[type eq \"([A-Za-z0-9_-]{1,32})\"]\\.value");
    /** Core User attributes (RFC 7643 §4.1) that are not kept here: accepted, ignored, never stored. */
    private static final Set<String> IGNORED = Set.of("nickname", "profileurl", "title", "usertype", "preferredlanguage",
            "locale", "timezone", "password", "phonenumbers", "ims", "photos", "addresses", "groups", "entitlements",
            "roles", "x509certificates");

    private final ObjectMapper json;

    public UserPatch(ObjectMapper json) {
        this.json = json;
    }

    /** The user with the operations applied, and the {@code active} the patch asked for (null: not mentioned). */
    public record Patched(ScimUser user, Boolean activeRequested) {
    }

    public Patched apply(ScimUser current, byte[] body) {
        JsonNode root = ScimBody.read(json, body, "PatchOp");
        if (!ScimBody.hasSchema(root, PatchOpReader.PATCH_OP_SCHEMA)) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "schemas must contain " + PatchOpReader.PATCH_OP_SCHEMA);
        }
        JsonNode operations = ScimBody.field(root, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "Operations must be a non-empty array");
        }
        Draft draft = new Draft(current);
        for (int i = 0; i < operations.size(); i++) {
            apply(draft, operations.get(i), "Operations[" + i + "]");
        }
        return new Patched(draft.build(), draft.active);
    }

    private static void apply(Draft draft, JsonNode operation, String place) {
        if (!operation.isObject()) {
            throw ScimRequestRefused.badRequest("invalidSyntax", place + " must be a JSON object");
        }
        JsonNode op = ScimBody.field(operation, "op");
        String verb = op != null && op.isTextual() ? op.asText().toLowerCase(Locale.ROOT) : "";
        if (!verb.equals("add") && !verb.equals("replace") && !verb.equals("remove")) {
            throw ScimRequestRefused.badRequest("invalidSyntax", place + ".op must be add, replace or remove");
        }
        boolean remove = verb.equals("remove");
        JsonNode path = ScimBody.field(operation, "path");
        JsonNode value = ScimBody.field(operation, "value");
        if (path != null && !path.isNull()) {
            if (!path.isTextual()) {
                throw ScimRequestRefused.badRequest("invalidPath", place + ".path must be a string");
            }
            if (!remove && value == null) {
                throw ScimRequestRefused.badRequest("invalidValue", place + " needs a value");
            }
            set(draft, path.asText(), remove ? null : value, verb.equals("add"), place);
            return;
        }
        if (remove) {
            throw ScimRequestRefused.badRequest("noTarget", place + ": remove needs a path");
        }
        if (value == null || !value.isObject()) {
            throw ScimRequestRefused.badRequest("invalidValue", place + ": an operation without a path needs an object value");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            set(draft, field.getKey(), field.getValue(), verb.equals("add"), place + ".value");
        }
    }

    /** Sets (or, with a null value, removes) the attribute at {@code path}. */
    private static void set(Draft draft, String path, JsonNode value, boolean add, String place) {
        String name = path.toLowerCase(Locale.ROOT);
        if (name.startsWith(ENTERPRISE)) {
            return; // the enterprise extension (employeeNumber, department, manager, …) is not kept
        }
        if (name.startsWith(CORE_PREFIX)) {
            name = name.substring(CORE_PREFIX.length());
        }
        Matcher emailOfType = EMAIL_OF_TYPE.matcher(name);
        if (emailOfType.matches()) {
            draft.emailOfType(emailOfType.group(1), value == null ? null : ScimBody.text(value, place + ".value"));
            return;
        }
        switch (name) {
            case "active" -> {
                if (value == null) {
                    throw ScimRequestRefused.badRequest("mutability", "active cannot be removed");
                }
                draft.active = ScimBody.bool(value, "active");
            }
            case "username" -> {
                String userName = value == null ? null : ScimBody.text(value, "userName");
                if (userName == null || !userName.equalsIgnoreCase(draft.current.userName())) {
                    throw userNameIsImmutable();
                }
            }
            case "externalid" -> draft.externalId = value == null ? null : ScimBody.text(value, "externalId");
            case "displayname" -> draft.displayName = value == null ? null : ScimBody.text(value, "displayName");
            case "name" -> {
                ScimUser.Name name2 = UserResourceReader.name(value, "name");
                draft.name = add ? merge(draft.name, name2) : name2;
            }
            case "name.givenname" -> draft.name = new ScimUser.Name(text(value, "name.givenName"),
                    draft.name.familyName(), draft.name.formatted());
            case "name.familyname" -> draft.name = new ScimUser.Name(draft.name.givenName(),
                    text(value, "name.familyName"), draft.name.formatted());
            case "name.formatted" -> draft.name = new ScimUser.Name(draft.name.givenName(), draft.name.familyName(),
                    text(value, "name.formatted"));
            case "emails" -> {
                List<ScimUser.Email> emails = value == null ? List.of() : value.isArray()
                        ? UserResourceReader.emails(value) : List.of(UserResourceReader.email(value, "emails"));
                if (add) {
                    draft.addEmails(emails);
                } else {
                    draft.emails = new ArrayList<>(emails);
                }
            }
            case "id", "meta", "schemas" -> throw ScimRequestRefused.badRequest("mutability", path + " is read-only");
            default -> {
                String attribute = name.split("[.\\[]", 2)[0];
                if (!IGNORED.contains(attribute)) {
                    throw ScimRequestRefused.badRequest("invalidPath",
                            "unknown attribute; this service keeps userName, externalId, active, displayName, name and emails");
                }
            }
        }
    }

    static ScimRequestRefused userNameIsImmutable() {
        return ScimRequestRefused.badRequest("mutability",
                "userName cannot change: it is the owner id of the person's tokens (create a new user instead)");
    }

    private static String text(JsonNode value, String place) {
        return value == null ? null : ScimBody.text(value, place);
    }

    private static ScimUser.Name merge(ScimUser.Name old, ScimUser.Name added) {
        return new ScimUser.Name(added.givenName() != null ? added.givenName() : old.givenName(),
                added.familyName() != null ? added.familyName() : old.familyName(),
                added.formatted() != null ? added.formatted() : old.formatted());
    }

    /** The user being patched; applied to a copy, so a refused operation leaves nothing half done. */
    private static final class Draft {
        final ScimUser current;
        Boolean active;
        String externalId;
        String displayName;
        ScimUser.Name name;
        List<ScimUser.Email> emails;

        Draft(ScimUser current) {
            this.current = current;
            this.externalId = current.externalId();
            this.displayName = current.displayName();
            this.name = current.name();
            this.emails = new ArrayList<>(current.emails());
        }

        void addEmails(List<ScimUser.Email> added) {
            for (ScimUser.Email email : added) {
                emails.removeIf(e -> e.value().equalsIgnoreCase(email.value()));
                emails.add(email);
            }
            requireEmailLimit();
        }

        void emailOfType(String type, String value) {
            int at = -1;
            for (int i = 0; i < emails.size(); i++) {
                if (type.equalsIgnoreCase(emails.get(i).type())) {
                    at = i;
                    break;
                }
            }
            if (value == null) {
                if (at >= 0) {
                    emails.remove(at);
                }
            } else if (at >= 0) {
                ScimUser.Email old = emails.get(at);
                emails.set(at, new ScimUser.Email(value, old.type(), old.primary()));
            } else {
                emails.add(new ScimUser.Email(value, type, emails.stream().noneMatch(ScimUser.Email::primary)));
                requireEmailLimit();
            }
        }

        private void requireEmailLimit() {
            if (emails.size() > UserResourceReader.EMAIL_LIMIT) {
                throw ScimRequestRefused.badRequest("invalidValue", "at most " + UserResourceReader.EMAIL_LIMIT + " emails are kept");
            }
        }

        ScimUser build() {
            return current.with(new ScimUser.Attributes(externalId, active, displayName, name, emails));
        }
    }
}

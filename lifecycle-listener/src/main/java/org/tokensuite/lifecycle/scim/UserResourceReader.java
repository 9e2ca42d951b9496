package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SCIM User resource (RFC 7643 §4.1) as {@code POST} and {@code PUT} send it. Only what this
 * service keeps is read: userName, externalId, active, displayName, name, emails. Other attributes
 * (a password among them) are ignored, as RFC 7644 §3.3 lets a service provider do, and never stored.
 */
@Component
public class UserResourceReader {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final int EMAIL_LIMIT = 10;

    private final ObjectMapper json;

    public UserResourceReader(ObjectMapper json) {
        this.json = json;
    }

    public record UserResource(String userName, ScimUser.Attributes attributes) {
    }

    public UserResource read(byte[] body) {
        JsonNode root = ScimBody.read(json, body, "User");
        if (!ScimBody.hasSchema(root, USER_SCHEMA)) {
            throw ScimRequestRefused.badRequest("invalidSyntax", "schemas must contain " + USER_SCHEMA);
        }
        String userName = ScimBody.text(ScimBody.field(root, "userName"), "userName");
        if (userName == null || userName.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidValue", "userName is required");
        }
        JsonNode active = ScimBody.field(root, "active");
        return new UserResource(userName, new ScimUser.Attributes(
                ScimBody.text(ScimBody.field(root, "externalId"), "externalId"),
                active == null || active.isNull() ? null : ScimBody.bool(active, "active"),
                ScimBody.text(ScimBody.field(root, "displayName"), "displayName"),
                name(ScimBody.field(root, "name"), "name"),
                emails(ScimBody.field(root, "emails"))));
    }

    static ScimUser.Name name(JsonNode name, String place) {
        if (name == null || name.isNull()) {
            return ScimUser.Name.NONE;
        }
        if (!name.isObject()) {
            throw ScimRequestRefused.badRequest("invalidValue", place + " must be an object");
        }
        return new ScimUser.Name(ScimBody.text(ScimBody.field(name, "givenName"), place + ".givenName"),
                ScimBody.text(ScimBody.field(name, "familyName"), place + ".familyName"),
                ScimBody.text(ScimBody.field(name, "formatted"), place + ".formatted"));
    }

    static List<ScimUser.Email> emails(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return List.of();
        }
        if (!emails.isArray()) {
            throw ScimRequestRefused.badRequest("invalidValue", "emails must be an array");
        }
        if (emails.size() > EMAIL_LIMIT) {
            throw ScimRequestRefused.badRequest("invalidValue", "at most " + EMAIL_LIMIT + " emails are kept");
        }
        List<ScimUser.Email> read = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            read.add(email(emails.get(i), "emails[" + i + "]"));
        }
        return read;
    }

    static ScimUser.Email email(JsonNode email, String place) {
        if (!email.isObject()) {
            throw ScimRequestRefused.badRequest("invalidValue", place + " must be an object");
        }
        String value = ScimBody.text(ScimBody.field(email, "value"), place + ".value");
        if (value == null || value.isEmpty()) {
            throw ScimRequestRefused.badRequest("invalidValue", place + ".value is required");
        }
        JsonNode primary = ScimBody.field(email, "primary");
        return new ScimUser.Email(value, ScimBody.text(ScimBody.field(email, "type"), place + ".type"),
                primary != null && !primary.isNull() && ScimBody.bool(primary, place + ".primary"));
    }
}

package org.tokensuite.lifecycle.scim;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents this service answers with: User resources and list responses (RFC 7643 §4.1, RFC 7644 §3.4.2). */
final class ScimDocuments {

    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private ScimDocuments() {
    }

    /** The absolute URL of a resource under {@code /scim/v2}, as the request reached this service. */
    static URI location(String path) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2").path(path).build().toUri();
    }

    static URI location(ScimUser user) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2/Users/{id}")
                .buildAndExpand(user.userName()).encode().toUri();
    }

    static Map<String, Object> user(ScimUser user) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemas", List.of(UserResourceReader.USER_SCHEMA));
        document.put("id", user.userName());
        if (user.externalId() != null) {
            document.put("externalId", user.externalId());
        }
        document.put("userName", user.userName());
        Map<String, Object> name = new LinkedHashMap<>();
        putIfSet(name, "formatted", user.name().formatted());
        putIfSet(name, "familyName", user.name().familyName());
        putIfSet(name, "givenName", user.name().givenName());
        if (!name.isEmpty()) {
            document.put("name", name);
        }
        putIfSet(document, "displayName", user.displayName());
        if (!user.emails().isEmpty()) {
            document.put("emails", user.emails().stream().map(e -> {
                Map<String, Object> email = new LinkedHashMap<>();
                email.put("value", e.value());
                putIfSet(email, "type", e.type());
                email.put("primary", e.primary());
                return email;
            }).toList());
        }
        document.put("active", user.active());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceType", "User");
        meta.put("created", user.created().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", location(user).toString());
        meta.put("version", user.etag());
        document.put("meta", meta);
        return document;
    }

    static Map<String, Object> list(long totalResults, int startIndex, List<?> resources) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemas", List.of(LIST_RESPONSE));
        document.put("totalResults", totalResults);
        document.put("itemsPerPage", resources.size());
        document.put("startIndex", startIndex);
        document.put("Resources", resources);
        return document;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}

package org.tokensuite.lifecycle.scim;

import java.time.Instant;
import java.util.List;

/**
 * A person an identity provider manages here, as recorded by {@code POST /scim/v2/Users}.
 * {@code userName} is both the SCIM id and the suite owner id of the person's tokens.
 * {@code version} grows by one with every change; it is the resource's ETag.
 */
public record ScimUser(String userName, String externalId, boolean active, String displayName, Name name,
                       List<Email> emails, long version, Instant created, Instant lastModified) {

    public ScimUser {
        name = name == null ? Name.NONE : name;
        emails = emails == null ? List.of() : List.copyOf(emails);
    }

    public record Name(String givenName, String familyName, String formatted) {
        public static final Name NONE = new Name(null, null, null);
    }

    public record Email(String value, String type, boolean primary) {
    }

    /** What an identity provider may set on a user (everything but userName and the metadata). */
    public record Attributes(String externalId, Boolean active, String displayName, Name name, List<Email> emails) {
    }

    public ScimUser with(Attributes attributes) {
        return new ScimUser(userName, attributes.externalId(), attributes.active() == null ? active : attributes.active(),
                attributes.displayName(), attributes.name(), attributes.emails(), version, created, lastModified);
    }

    public Attributes attributes() {
        return new Attributes(externalId, active, displayName, name, emails);
    }

    /** The weak entity tag of this version (RFC 7644 §3.14): {@code W/"<version>"}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}

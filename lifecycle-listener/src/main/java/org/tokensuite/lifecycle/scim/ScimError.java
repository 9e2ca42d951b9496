package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 7644 §3.12 error response; {@code status} is a string there, by the RFC's own schema. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScimError(List<String> schemas, String status, String scimType, String detail) {

    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String MEDIA_TYPE = "application/scim+json";

    public static ScimError of(int status, String scimType, String detail) {
        return new ScimError(List.of(SCHEMA), Integer.toString(status), scimType, detail);
    }
}

package org.tokensuite.lifecycle.scim;

/** A SCIM request this service will not carry out, answered with RFC 7644's error schema. */
public class ScimRequestRefused extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimRequestRefused(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimRequestRefused badRequest(String scimType, String detail) {
        return new ScimRequestRefused(400, scimType, detail);
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }
}

package org.tokensuite.platform.problem;

import java.net.URI;

/**
 * The suite's one vocabulary of RFC 9457 problem types. Every service, every error path (controller
 * advice, security entry points, the container's error valve) answers with these, so a client can
 * switch on the type URI without knowing which service answered.
 */
public enum ProblemType {

    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    UNAVAILABLE(503, "unavailable", "Unavailable");

    /** Where the type URIs live; the slug follows. */
    public static final String BASE = "https://tokensuite.org/problems/";

    private final int status;
    private final String slug;
    private final String title;
    private final URI uri;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.uri = URI.create(BASE + slug);
    }

    /**
     * The type for a status. Statuses without a type of their own fall to the nearest meaning: any
     * other 4xx is the request's fault (431 headers too large included), a gateway 5xx means a
     * dependency did not answer, any other 5xx is ours.
     */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        if (status == 502 || status == 504) {
            return UNAVAILABLE;
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return uri;
    }
}

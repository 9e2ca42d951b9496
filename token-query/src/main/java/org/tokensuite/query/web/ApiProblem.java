package org.tokensuite.query.web;

/**
 * An RFC 9457 problem to answer with. Thrown by handlers; rendered by {@link ProblemRenderer}.
 * Never carries a secret: details are written for people and name no token.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    /** The WWW-Authenticate challenge of a 401 (null: a plain {@code Bearer}). */
    private final String challenge;

    public ApiProblem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    private ApiProblem(int status, String slug, String title, String detail, String challenge) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.challenge = challenge;
    }

    /**
     * A superseded secret (the previous one of a rotation, inside its overlap) authenticates no change:
     * RFC 6750's invalid_token, saying why, so the client knows to use the new secret.
     */
    public static ApiProblem superseded() {
        return new ApiProblem(401, "unauthenticated", "Unauthenticated",
                "the secret was superseded by a rotation: it may still read, but a change needs the current secret",
                "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
    }

    public static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(401, "unauthenticated", "Unauthenticated", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem invalidRequest(String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, "unavailable", "Unavailable", detail);
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

    public String detail() {
        return getMessage();
    }

    public String challenge() {
        return challenge == null ? "Bearer" : challenge;
    }
}

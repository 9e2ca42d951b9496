package org.tokensuite.query.web;

/**
 * An RFC 9457 problem to answer with. Thrown by handlers; rendered by {@link ProblemRenderer}.
 * Never carries a secret: details are written for people and name no token.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    public ApiProblem(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
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
}

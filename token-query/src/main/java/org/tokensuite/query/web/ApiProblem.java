package org.tokensuite.query.web;

import org.tokensuite.platform.problem.ProblemType;

/**
 * An RFC 9457 problem to answer with. Thrown by handlers; rendered by {@link ProblemRenderer}. Its
 * type and title come from the suite's one vocabulary ({@link ProblemType}); a status without a type
 * of its own (431, 414) keeps its status and takes the nearest type. Never carries a secret: details
 * are written for people and name no token.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final ProblemType type;
    /** The WWW-Authenticate challenge of a 401 (null: a plain {@code Bearer}). */
    private final String challenge;
    /** Seconds for a Retry-After header (null: none). */
    private final Long retryAfterSeconds;

    /** A problem with this status, typed from the vocabulary. */
    public ApiProblem(int status, String detail) {
        this(status, detail, null);
    }

    public ApiProblem(ProblemType type, String detail) {
        this(type.status(), detail, null);
    }

    private ApiProblem(int status, String detail, String challenge) {
        this(status, detail, challenge, null);
    }

    private ApiProblem(int status, String detail, String challenge, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = ProblemType.forStatus(status);
        this.challenge = challenge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A superseded secret (the previous one of a rotation, inside its overlap) authenticates no change:
     * RFC 6750's invalid_token, saying why, so the client knows to use the new secret.
     */
    public static ApiProblem superseded() {
        return new ApiProblem(ProblemType.UNAUTHENTICATED.status(),
                "the secret was superseded by a rotation: it may still read, but a change needs the current secret",
                "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
    }

    public static ApiProblem unauthenticated(String detail) {
        return new ApiProblem(ProblemType.UNAUTHENTICATED, detail);
    }

    /**
     * A client that tried client credentials (RFC 6749 §2.3.1) and failed: both schemes are offered, Bearer first
     * (the suite's one challenge every 401 starts with), then Basic as the client tried.
     */
    public static ApiProblem clientUnauthenticated(String detail) {
        return new ApiProblem(ProblemType.UNAUTHENTICATED.status(), detail, "Bearer, Basic realm=\"introspection\"");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(ProblemType.FORBIDDEN, detail);
    }

    public static ApiProblem invalidRequest(String detail) {
        return new ApiProblem(ProblemType.INVALID_REQUEST, detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(ProblemType.NOT_FOUND, detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(ProblemType.CONFLICT, detail);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(ProblemType.UNAVAILABLE, detail);
    }

    /** 503 that tells the client when trying again is worth it. */
    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(ProblemType.UNAVAILABLE.status(), detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    /** Seconds for a Retry-After header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String challenge() {
        return challenge == null ? "Bearer" : challenge;
    }
}

package org.tokensuite.audit.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** RFC 9457 problems with the suite's stable type URIs. */
public final class Problems {

    private static final String BASE = "https://tokensuite.org/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + slug(status.value())));
        return problem;
    }

    public static String slug(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 406, 415 -> "unsupported-media-type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "unavailable" : "invalid-request";
        };
    }
}

package org.tokensuite.command.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Map;

/** RFC 9457 problems with the suite's stable type URIs. */
public final class Problems {

    public static final String TYPE_BASE = "https://tokensuite.org/problems/";

    private static final Map<Integer, String> SLUGS = Map.ofEntries(
            Map.entry(400, "invalid-request"),
            Map.entry(401, "unauthenticated"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload-too-large"),
            Map.entry(415, "unsupported-media-type"),
            // Headers beyond the server's limit: the request itself is at fault.
            Map.entry(431, "invalid-request"),
            Map.entry(503, "unavailable"));

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeOf(status));
        return problem;
    }

    public static URI typeOf(HttpStatusCode status) {
        return URI.create(TYPE_BASE + SLUGS.getOrDefault(status.value(), "error"));
    }
}

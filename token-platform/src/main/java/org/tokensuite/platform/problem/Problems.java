package org.tokensuite.platform.problem;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 bodies typed from {@link ProblemType}; the one way a service makes a problem. */
public final class Problems {

    private Problems() {
    }

    /** A problem for this status: its type and title from the vocabulary, the status as given. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemType type = ProblemType.forStatus(status.value());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(HttpStatusCode.valueOf(type.status()), detail);
    }
}

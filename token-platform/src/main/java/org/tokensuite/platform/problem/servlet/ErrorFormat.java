package org.tokensuite.platform.problem.servlet;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * An error document other than problem+json, for the paths of a protocol that defines its own
 * (SCIM's error schema under {@code /scim/}). A service declares one as a bean; every error path of
 * the platform (controller advice, container valve, filters through {@link ErrorDocuments}) then
 * answers requests on those paths in it. The problem handed over is already typed from the
 * vocabulary; a format only changes its shape.
 */
public interface ErrorFormat {

    /** Whether requests on this path (the container's or the raw request URI) get this format. */
    boolean appliesTo(String path);

    MediaType mediaType();

    /** The document to serialize as JSON for this problem. */
    Object document(ProblemDetail problem);
}

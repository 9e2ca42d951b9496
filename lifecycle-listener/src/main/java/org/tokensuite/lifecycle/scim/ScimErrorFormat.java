package org.tokensuite.lifecycle.scim;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.tokensuite.platform.problem.servlet.ErrorFormat;

/**
 * Under {@code /scim/} a SCIM client expects RFC 7644's error schema, not problem+json: every error
 * the platform answers there (advice, filters, Tomcat's refusals) takes this shape. A problem's
 * {@value #SCIM_TYPE} property, when a handler set one, becomes the error's scimType.
 */
@Component
public class ScimErrorFormat implements ErrorFormat {

    public static final String SCIM_TYPE = "scimType";

    private static final MediaType SCIM_JSON = MediaType.parseMediaType(ScimError.MEDIA_TYPE);

    @Override
    public boolean appliesTo(String path) {
        return path.startsWith("/scim/");
    }

    @Override
    public MediaType mediaType() {
        return SCIM_JSON;
    }

    @Override
    public Object document(ProblemDetail problem) {
        Object scimType = problem.getProperties() == null ? null : problem.getProperties().get(SCIM_TYPE);
        return ScimError.of(problem.getStatus(), scimType == null ? null : scimType.toString(), problem.getDetail());
    }
}

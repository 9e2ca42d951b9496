package org.tokensuite.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.tokensuite.platform.problem.ProblemType;

import java.util.Arrays;
import java.util.List;

/**
 * What every service's OpenAPI document says the same way: the bearer scheme (an opaque token of
 * this suite, verified by introspection), a fixed server (so the document does not depend on the
 * port it was read from, and the checked-in copy in docs/openapi stays comparable), and the
 * problem+json body of every error, with the suite's {@link ProblemType} URIs. Title, version and
 * description are each service's (springdoc.open-api.info in its application.yml).
 */
public final class SuiteOpenApi {

    public static final String BEARER = "bearer";
    public static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    private SuiteOpenApi() {
    }

    /** The base document: {@code server} is the service's default address, e.g. {@code http://localhost:8081}. */
    public static OpenAPI document(String server) {
        return new OpenAPI()
                .servers(List.of(new Server().url(server).description("the service's default port on this machine")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("opaque, tkn_…")
                                .description("A token of this suite: `Authorization: Bearer tkn_…`. It is checked "
                                        + "by token-query's introspection; a secret superseded by a rotation may "
                                        + "still read during its overlap, but changes nothing (401).")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Gives every operation without one a {@code default} response: an RFC 9457 problem (401, 403,
     * 404, 409, 503, …), and the document the {@code Problem} schema it refers to. (A customizer, not
     * the base document: springdoc replaces the base document's schemas with the ones it resolves.)
     */
    public static OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            boolean used = false;
            for (PathItem path : openApi.getPaths().values()) {
                for (Operation operation : path.readOperations()) {
                    if (operation.getResponses() != null && !operation.getResponses().containsKey("default")) {
                        operation.getResponses().addApiResponse("default", problemResponse());
                        used = true;
                    }
                }
            }
            if (used) {
                if (openApi.getComponents() == null) {
                    openApi.setComponents(new Components());
                }
                openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            }
        };
    }

    private static ApiResponse problemResponse() {
        return new ApiResponse()
                .description("refused: an RFC 9457 problem whose type says why (see the Problem schema)")
                .content(new Content().addMediaType(PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    private static Schema<?> problemSchema() {
        List<String> types = Arrays.stream(ProblemType.values()).map(t -> t.uri().toString()).toList();
        return new ObjectSchema()
                .description("RFC 9457 problem details; the detail never echoes a secret")
                .addProperty("type", new StringSchema()._enum(types)
                        .description("one of the suite's problem types; switch on this, not on the text"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().format("int32"))
                .addProperty("detail", new StringSchema().description("what was wrong, for a person"))
                .addProperty("instance", new StringSchema().description("the request's path, when given"));
    }
}

package org.tokensuite.query.config;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.tokensuite.platform.security.IntrospectionResult;
import org.tokensuite.platform.openapi.SuiteOpenApi;

import java.util.List;

/**
 * The OpenAPI document (/v3/api-docs, checked in as docs/openapi/token-query.json): the suite's
 * bearer scheme, problem bodies and a fixed server; title, version and description are in
 * application.yml (springdoc.open-api.info). The annotated controllers describe themselves;
 * introspection is a functional route (web.IntrospectionRoutes, kept free of annotation scanning
 * because it is the suite's hottest path), so its two operations are described here.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String RESULT = "IntrospectionResult";

    @Bean
    OpenAPI tokenQueryOpenApi() {
        return SuiteOpenApi.document("http://localhost:8082");
    }

    /** Runs before {@link #problemResponses()}, which then gives these operations their problem response too. */
    @Bean
    @Order(0)
    OpenApiCustomizer introspectionOperations() {
        return openApi -> {
            Schema<?> result = ModelConverters.getInstance()
                    .resolveAsResolvedSchema(new AnnotatedType(IntrospectionResult.class)).schema;
            openApi.getComponents().addSchemas(RESULT, result);
            openApi.path("/v1/introspect", new PathItem().post(introspect()));
            openApi.path("/v1/introspect/nginx", new PathItem().get(nginx()));
        };
    }

    @Bean
    @Order(1)
    OpenApiCustomizer problemResponses() {
        return SuiteOpenApi.problemResponses();
    }

    private static Operation introspect() {
        Schema<?> form = new ObjectSchema()
                .addProperty("token", new StringSchema().description("the token to introspect, tkn_…"))
                .addProperty("scope", new StringSchema().description(
                        "optional: the scope(s) the caller is about to check (usage advice only; it changes no answer)"))
                .addProperty("client_address", new StringSchema().description(
                        "optional: the IP address the token was presented from (checked against its allowedCidrs)"))
                .addProperty("client_id", new StringSchema().description(
                        "optional client authentication (RFC 6749 §2.3.1) instead of an Authorization header: the calling token's id, tok_…"))
                .addProperty("client_secret", new StringSchema().description(
                        "with client_id: the calling token itself"))
                .required(List.of("token"));
        return new Operation().operationId("introspect").addTagsItem("introspection")
                .summary("Introspect a token (RFC 7662)")
                .description("The caller authenticates with Authorization: Bearer <token>, or as an RFC 7662 client: "
                        + "Authorization: Basic with client_id = the calling token's id and client_secret = the token "
                        + "(or both as form parameters; never both ways at once, 400). The caller is the token itself "
                        + "(self-introspection) or the calling service's own token with tokens:introspect. Client "
                        + "credentials that do not verify, or whose id is not the secret's token, are 401. Answers from "
                        + "the in-memory index; 503 when this instance is not sure it is current (fail closed).")
                .requestBody(new RequestBody().required(true)
                        .content(new Content().addMediaType(FORM, new MediaType().schema(form))))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                        .description("exactly {\"active\":false} for a token that does not verify; the claims when it does "
                                + "(with \"superseded\": true for the previous secret of a rotation, inside its overlap)")
                        .content(new Content().addMediaType("application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + RESULT))))));
    }

    private static Operation nginx() {
        return new Operation().operationId("introspectForNginx").addTagsItem("introspection")
                .summary("Check the request's own bearer token, for nginx auth_request")
                .description("Any method: an auth_request subrequest carries the original request's method (a superseded "
                        + "secret passes only GET and HEAD). nginx must be a trusted proxy for its X-Forwarded-For to count.")
                .addParametersItem(new Parameter().in("query").name("scope").required(false)
                        .description("a scope the token must hold, <system>:<action>").schema(new StringSchema()))
                .addParametersItem(new Parameter().in("header").name("X-Introspect-Authorization").required(false)
                        .description("optional: the gateway's own credential, Bearer <token with tokens:introspect>")
                        .schema(new StringSchema()))
                .responses(new ApiResponses().addApiResponse("204", new ApiResponse()
                        .description("the token is active (and holds the scope)")
                        .addHeaderObject("X-Token-Id", header("the token's id, tok_…"))
                        .addHeaderObject("X-Token-Subject", header("its owner id"))
                        .addHeaderObject("X-Token-Scope", header("its scopes, space-separated"))
                        .addHeaderObject("X-Token-Superseded", header("true for a superseded secret; absent otherwise"))))
                .security(List.of(new SecurityRequirement().addList(SuiteOpenApi.BEARER)));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }
}

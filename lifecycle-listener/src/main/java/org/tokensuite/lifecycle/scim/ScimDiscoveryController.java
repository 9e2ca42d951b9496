package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * SCIM's discovery endpoints (RFC 7644 §4): what this service supports, so that a client such as
 * Okta or Entra ID can check it. The documents are fixed (resources {@code scim/*.json}); only their
 * {@code meta.location} follows the address the request came to.
 */
@Tag(name = "SCIM discovery", description = "What this SCIM service supports (RFC 7643 §5-7): needs scope users:offboard, "
        + "like every SCIM endpoint.")
@ApiResponse(responseCode = "200", description = "the document", content = @Content(mediaType = ScimError.MEDIA_TYPE))
@ApiResponse(responseCode = "default", description = "refused: a SCIM error",
        content = @Content(mediaType = ScimError.MEDIA_TYPE, schema = @Schema(implementation = ScimError.class)))
@RestController
@RequestMapping("/scim/v2")
public class ScimDiscoveryController {

    private final JsonNode serviceProviderConfig;
    private final JsonNode userSchema;
    private final JsonNode userResourceType;

    public ScimDiscoveryController(ObjectMapper json) {
        this.serviceProviderConfig = read(json, "scim/service-provider-config.json");
        this.userSchema = read(json, "scim/schema-user.json");
        this.userResourceType = read(json, "scim/resource-type-user.json");
    }

    @Operation(operationId = "getScimServiceProviderConfig", summary = "What this service supports")
    @GetMapping("/ServiceProviderConfig")
    public ResponseEntity<Object> serviceProviderConfig() {
        return ScimUserController.scim(HttpStatus.OK).body(located(serviceProviderConfig, "/ServiceProviderConfig"));
    }

    @Operation(operationId = "listScimSchemas", summary = "The schemas: the User attributes kept here")
    @GetMapping("/Schemas")
    public ResponseEntity<Object> schemas() {
        return ScimUserController.scim(HttpStatus.OK).body(ScimDocuments.list(1, 1, List.of(userSchema())));
    }

    @Operation(operationId = "getScimSchema", summary = "One schema, by its URN")
    @GetMapping("/Schemas/{id}")
    public ResponseEntity<Object> schema(@PathVariable("id") String id) {
        if (!id.equalsIgnoreCase(userSchema.path("id").asText())) {
            throw new ScimRequestRefused(404, null, "no such schema here; the only one is " + userSchema.path("id").asText());
        }
        return ScimUserController.scim(HttpStatus.OK).body(userSchema());
    }

    @Operation(operationId = "listScimResourceTypes", summary = "The resource types: User")
    @GetMapping("/ResourceTypes")
    public ResponseEntity<Object> resourceTypes() {
        return ScimUserController.scim(HttpStatus.OK).body(ScimDocuments.list(1, 1, List.of(userResourceType())));
    }

    @Operation(operationId = "getScimResourceType", summary = "One resource type: User")
    @GetMapping("/ResourceTypes/{id}")
    public ResponseEntity<Object> resourceType(@PathVariable("id") String id) {
        if (!id.equals("User")) {
            throw new ScimRequestRefused(404, null, "no such resource type here; the only one is User");
        }
        return ScimUserController.scim(HttpStatus.OK).body(userResourceType());
    }

    private JsonNode userSchema() {
        return located(userSchema, "/Schemas/" + userSchema.path("id").asText());
    }

    private JsonNode userResourceType() {
        return located(userResourceType, "/ResourceTypes/User");
    }

    private static JsonNode located(JsonNode document, String path) {
        ObjectNode copy = document.deepCopy();
        ((ObjectNode) copy.path("meta")).put("location", ScimDocuments.location(path).toString());
        return copy;
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = ScimDiscoveryController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

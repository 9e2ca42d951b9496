package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchOpReaderTest {

    private static final String SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]";
    private final PatchOpReader reader = new PatchOpReader(new ObjectMapper());

    @Test
    void acceptsTheDeactivationFormsIdentityProvidersSend() {
        accepts("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        accepts("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        accepts("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        accepts("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\","
                + "\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:active\",\"value\":false}]}");
    }

    @Test
    void refusesReactivationOtherAttributesAndMalformedPatches() {
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}", "invalidValue");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}]}", "invalidPath");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false,\"title\":\"x\"}}]}", "invalidPath");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"remove\",\"path\":\"active\"}]}", "invalidSyntax");
        refuses("{" + SCHEMAS + ",\"Operations\":[]}", "invalidSyntax");
        refuses("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}", "invalidSyntax");
        refuses("not json", "invalidSyntax");
    }

    @Test
    void refusesControlCharactersAndUnpairedSurrogatesAnywhereNamingTheAttribute() {
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"active\\n\",\"value\":false}]}",
                "invalidValue", "Operations[0].path must not contain control characters (found U+000A at index 6)");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"False\\u009b\"}]}",
                "invalidValue", "Operations[0].value must not contain control characters (found U+009B at index 5)");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\\u0000\":false}}]}",
                "invalidValue", "an attribute name in Operations[0].value must not contain control characters (found U+0000 at index 6)");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"re\\udc00place\",\"path\":\"active\",\"value\":false}]}",
                "invalidValue", "Operations[0].op must be valid Unicode text (unpaired surrogate at index 2)");
        refuses("{" + SCHEMAS + ",\"Operations\":[{\"op\":\"replace\",\"path\":\"" + "a".repeat(300) + "\",\"value\":false}]}",
                "invalidValue", "Operations[0].path is longer than 256 characters");
    }

    private void refuses(String body, String scimType, String detail) {
        assertThatThrownBy(() -> reader.requireDeactivation(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ScimRequestRefused.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.scimType()).isEqualTo(scimType);
                    org.assertj.core.api.Assertions.assertThat(e.detail()).isEqualTo(detail);
                });
    }

    private void accepts(String body) {
        assertThatCode(() -> reader.requireDeactivation(body.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    private void refuses(String body, String scimType) {
        assertThatThrownBy(() -> reader.requireDeactivation(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ScimRequestRefused.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(e.scimType()).isEqualTo(scimType);
                });
    }
}

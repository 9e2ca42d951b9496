package org.tokensuite.lifecycle.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserPatchTest {

    private static final String SCHEMAS = "\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]";
    private static final ScimUser ADA = new ScimUser("emp-4711", "00u1", true, "Ada L",
            new ScimUser.Name("Ada", "Lovelace", null), List.of(new ScimUser.Email("ada@example.com", "work", true)),
            3, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"));
    private final UserPatch patch = new UserPatch(new ObjectMapper());

    @Test
    void oktasDeactivationAndEntrasStringBooleanBothAskForActiveFalse() {
        assertThat(apply("{\"op\":\"replace\",\"value\":{\"active\":false}}").activeRequested()).isFalse();
        assertThat(apply("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}").activeRequested()).isFalse();
        assertThat(apply("{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:core:2.0:User:active\",\"value\":\"True\"}")
                .activeRequested()).isTrue();
        assertThat(apply("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}").activeRequested()).isNull();
    }

    @Test
    void entrasAttributePathsChangeTheRecord() {
        ScimUser changed = apply("{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ada@new.example\"}",
                "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"King\"}",
                "{\"op\":\"Add\",\"path\":\"externalId\",\"value\":\"00u2\"}",
                "{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\",\"value\":\"R&D\"}",
                "{\"op\":\"Add\",\"path\":\"title\",\"value\":\"Countess\"}",
                "{\"op\":\"Remove\",\"path\":\"displayName\"}").user();
        assertThat(changed.emails()).containsExactly(new ScimUser.Email("ada@new.example", "work", true));
        assertThat(changed.name()).isEqualTo(new ScimUser.Name("Ada", "King", null));
        assertThat(changed.externalId()).isEqualTo("00u2");
        assertThat(changed.displayName()).isNull();
        assertThat(changed.active()).isTrue();
        assertThat(changed.version()).as("the version the change is based on").isEqualTo(3);
    }

    @Test
    void aValueObjectWithoutAPathSetsEachAttribute() {
        ScimUser changed = apply("{\"op\":\"replace\",\"value\":{\"name\":{\"givenName\":\"Augusta\"},\"displayName\":\"A\","
                + "\"emails\":[{\"value\":\"a@example.com\",\"type\":\"home\",\"primary\":\"true\"}]}}").user();
        assertThat(changed.name()).isEqualTo(new ScimUser.Name("Augusta", null, null));
        assertThat(changed.displayName()).isEqualTo("A");
        assertThat(changed.emails()).containsExactly(new ScimUser.Email("a@example.com", "home", true));
    }

    @Test
    void userNameMayBeRestatedButNeverChanged() {
        assertThat(apply("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"EMP-4711\"}").user().userName()).isEqualTo("emp-4711");
        refuses("mutability", "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"emp-4712\"}");
        refuses("mutability", "{\"op\":\"remove\",\"path\":\"userName\"}");
        refuses("mutability", "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}");
        refuses("mutability", "{\"op\":\"remove\",\"path\":\"active\"}");
    }

    @Test
    void refusesUnknownAttributesBadValuesAndMalformedOperationsAllOrNothing() {
        refuses("invalidPath", "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}",
                "{\"op\":\"replace\",\"path\":\"favouriteColour\",\"value\":\"red\"}");
        refuses("invalidValue", "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}");
        refuses("invalidValue", "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":42}");
        refuses("invalidSyntax", "{\"op\":\"explode\",\"path\":\"active\",\"value\":false}");
        refuses("noTarget", "{\"op\":\"remove\"}");
        refuses("invalidValue", "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"a\\u001bb\"}");
        assertThatThrownBy(() -> patch.apply(ADA, bytes("{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}")))
                .isInstanceOfSatisfying(ScimRequestRefused.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }

    private UserPatch.Patched apply(String... operations) {
        return patch.apply(ADA, bytes("{" + SCHEMAS + ",\"Operations\":[" + String.join(",", operations) + "]}"));
    }

    private void refuses(String scimType, String... operations) {
        assertThatThrownBy(() -> apply(operations)).isInstanceOfSatisfying(ScimRequestRefused.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.scimType()).isEqualTo(scimType);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

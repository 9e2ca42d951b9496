package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.command.it.CommandHttp.body;

/** Revoking a compromised issuer with {@code descendants: true}: its whole lineage, in one correlated step, within reach. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DescendantRevocationTest {

    private CommandService service;
    private CommandHttp http;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        service = CommandService.start("descendants", Map.of());
        http = service.http();
        admin = service.introspection().caller("tok_dddddddddddddddddddddddddddddddd", "ops-admin", "tokens:admin");
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    /** Issues as {@code bearer}, then lets the new token act (the stand-in introspection learns it). */
    private Issued issue(String bearer, String owner, String scopes) throws Exception {
        String scopeJson = "[\"" + String.join("\",\"", scopes.split(" ")) + "\"]";
        HttpResponse<String> issued = http.post("/v1/tokens", bearer,
                "{\"ownerId\":\"" + owner + "\",\"name\":\"gen\",\"scopes\":" + scopeJson + ",\"ttl\":\"P1D\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode json = body(issued);
        service.introspection().allow(json.path("token").asText(), json.path("tokenId").asText(), owner, scopes);
        return new Issued(json.path("tokenId").asText(), json.path("token").asText());
    }

    private record Issued(String id, String secret) {
    }

    @Test
    void revokingAnIssuerWithDescendantsRevokesThreeGenerationsUnderOneCorrelationIdAndNothingElse() throws Exception {
        Issued first = issue(admin, "team-a", "tokens:issue tokens:delegate tokens:read");
        Issued second = issue(first.secret(), "team-b", "tokens:issue tokens:delegate tokens:read");
        Issued third = issue(second.secret(), "team-c", "tokens:read");
        Issued sibling = issue(second.secret(), "team-d", "tokens:read");
        Issued unrelated = issue(admin, "team-a", "tokens:read");

        HttpResponse<String> revoked = http.post("/v1/tokens/" + first.id() + "/revoke", admin,
                "{\"reason\":\"issuer leaked\",\"descendants\":true}", Map.of("X-Correlation-Id", "incident-42"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(body(revoked).path("state").asText()).isEqualTo("revoked");
        assertThat(body(revoked).path("descendantsRevoked")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(second.id(), third.id(), sibling.id());
        for (Issued token : List.of(first, second, third, sibling)) {
            assertThat(service.eventTypesOf(token.id())).containsExactly("TokenIssued", "TokenRevoked");
            assertThat(service.db().queryForObject("""
                    SELECT convert_from(payload, 'UTF8')::jsonb #>> '{cause,correlationId}' FROM domainevententry
                    WHERE aggregateidentifier = ? AND payloadtype LIKE '%TokenRevoked'""", String.class, token.id()))
                    .isEqualTo("incident-42");
        }
        assertThat(service.eventTypesOf(unrelated.id())).containsExactly("TokenIssued");
    }

    @Test
    void withoutDescendantsOnlyTheTokenItselfIsRevokedAndTheAnswerNamesNoDescendants() throws Exception {
        Issued parent = issue(admin, "team-e", "tokens:issue tokens:read");
        Issued child = issue(parent.secret(), "team-e", "tokens:read");
        HttpResponse<String> revoked = http.post("/v1/tokens/" + parent.id() + "/revoke", admin, "{\"reason\":\"rotated out\"}");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(body(revoked).has("descendantsRevoked")).isFalse();
        assertThat(service.eventTypesOf(child.id())).containsExactly("TokenIssued");
    }

    @Test
    void descendantsOutOfTheCallersReachAreNeitherRevokedNorNamed() throws Exception {
        Issued issuer = issue(admin, "team-f", "tokens:issue tokens:delegate tokens:read");
        Issued own = issue(issuer.secret(), "team-f", "tokens:read");
        Issued foreign = issue(issuer.secret(), "team-g", "tokens:read");
        // Another token of team-f's: it reaches team-f's tokens, not team-g's (which it did not issue).
        String teamF = service.introspection().caller("tok_ffffffffffffffffffffffffffff0001", "team-f", "tokens:revoke");

        HttpResponse<String> revoked = http.post("/v1/tokens/" + issuer.id() + "/revoke", teamF,
                "{\"reason\":\"leaked\",\"descendants\":true}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(body(revoked).path("descendantsRevoked")).extracting(JsonNode::asText).containsExactly(own.id());
        assertThat(service.eventTypesOf(own.id())).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(service.eventTypesOf(foreign.id())).containsExactly("TokenIssued");
    }
}

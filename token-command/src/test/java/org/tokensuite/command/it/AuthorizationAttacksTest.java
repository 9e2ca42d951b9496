package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.command.it.CommandHttp.assertProblem;
import static org.tokensuite.command.it.CommandHttp.body;

/**
 * token-command tried as a hostile caller would, on a real PostgreSQL and Kafka: each attack is
 * refused, and the event store shows that nothing changed. Callers are authenticated by a stand-in
 * for token-query's introspection; the tokens they act on are issued through the real API, so
 * lineage is the service's own.
 */
class AuthorizationAttacksTest {

    private static final String ALICE_ISSUER_ID = "tok_a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    private static final String ALICE_OTHER_ID = "tok_a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2";
    private static final String DANA_ID = "tok_d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1";
    private static final String DANA_SIBLING_ID = "tok_d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2d2";

    private static CommandService service;
    private static JdbcTemplate db;
    private static CommandHttp http;
    private static String admin;
    private static String aliceIssuer;
    private static String aliceOther;
    private static String revoker;
    private static String dana;
    private static String danaSibling;
    private static String offboarder;
    private static FakeIntrospection introspection;

    @BeforeAll
    static void start() throws Exception {
        service = CommandService.start("command-attacks", Map.of());
        introspection = service.introspection();
        db = service.db();
        http = service.http();
        admin = introspection.caller("tok_00000000000000000000000000000001", "bootstrap-admin", "tokens:admin");
        aliceIssuer = introspection.caller(ALICE_ISSUER_ID, "alice", "tokens:issue billing:read");
        aliceOther = introspection.caller(ALICE_OTHER_ID, "alice", "tokens:issue billing:read");
        revoker = introspection.caller("tok_11111111111111111111111111111111", "mallory", "tokens:revoke");
        dana = introspection.caller(DANA_ID, "dana", "tokens:issue tokens:delegate tokens:revoke billing:read");
        danaSibling = introspection.caller(DANA_SIBLING_ID, "dana", "tokens:issue tokens:delegate tokens:revoke billing:read");
        offboarder = introspection.caller("tok_22222222222222222222222222222222", "hr-bot", "users:offboard users:suspend");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void anIssuerCannotIssueForAnotherOwnerWithoutDelegation() throws Exception {
        int before = tokensOf("bootstrap-admin");
        assertProblem(http.post("/v1/tokens", aliceIssuer, issueBody("bootstrap-admin", "P90D")), 403, "forbidden", "tokens:delegate");
        assertProblem(http.post("/v1/tokens", aliceIssuer, issueBody("bob", "PT1H")), 403, "forbidden", "tokens:delegate");
        assertThat(tokensOf("bootstrap-admin")).isEqualTo(before);
        assertThat(tokensOf("bob")).isZero();

        // Its own owner id needs no delegation; another's does, and then works.
        assertThat(http.post("/v1/tokens", aliceIssuer, issueBody("alice", "PT1H")).statusCode()).isEqualTo(201);
        assertThat(http.post("/v1/tokens", dana, issueBody("erin", "PT1H")).statusCode()).isEqualTo(201);
    }

    @Test
    void everyManagementCallOnAnotherOwnersTokenAnswersLikeAnUnknownId() throws Exception {
        String victim = issue(admin, "bob");
        String unknown = "tok_" + UUID.randomUUID().toString().replace("-", "");
        for (String id : List.of(victim, unknown)) {
            assertProblem(http.post("/v1/tokens/" + id + "/rotate", aliceIssuer, "{\"overlap\":\"PT0S\"}"), 404, "not-found", "no such token: " + id);
            assertProblem(http.put("/v1/tokens/" + id + "/scopes", aliceIssuer, "{\"scopes\":[\"billing:read\"]}"), 404, "not-found", "no such token: " + id);
            assertProblem(http.post("/v1/tokens/" + id + "/revoke", revoker, "{}"), 404, "not-found", "no such token: " + id);
            assertProblem(http.post("/v1/tokens/" + id + "/suspend", revoker, "{}"), 404, "not-found", "no such token: " + id);
            assertProblem(http.post("/v1/tokens/" + id + "/reinstate", revoker, "{}"), 404, "not-found", "no such token: " + id);
        }
        assertThat(eventTypesOf(victim)).containsExactly("TokenIssued");
    }

    @Test
    void anAdministratorsCallOnAnUnknownIdAnswersTheSame404AndCreatesNothing() throws Exception {
        // An administrator's reach is not looked up: the command itself finds no such token.
        String unknown = "tok_" + UUID.randomUUID().toString().replace("-", "");
        assertProblem(http.post("/v1/tokens/" + unknown + "/rotate", admin, "{}"), 404, "not-found", "no such token: " + unknown);
        assertProblem(http.put("/v1/tokens/" + unknown + "/scopes", admin, "{\"scopes\":[\"billing:read\"]}"), 404, "not-found", "no such token: " + unknown);
        assertProblem(http.post("/v1/tokens/" + unknown + "/revoke", admin, "{\"descendants\":true}"), 404, "not-found", "no such token: " + unknown);
        assertProblem(http.post("/v1/tokens/" + unknown + "/suspend", admin, "{}"), 404, "not-found", "no such token: " + unknown);
        assertProblem(http.post("/v1/tokens/" + unknown + "/reinstate", admin, "{}"), 404, "not-found", "no such token: " + unknown);
        assertThat(eventTypesOf(unknown)).isEmpty();
        assertThat(db.queryForObject("SELECT count(*) FROM user_tokens WHERE token_id = ?", Integer.class, unknown)).isZero();
    }

    @Test
    void aRevokerCannotSuspendTheAdminToken() throws Exception {
        String adminToken = issue(admin, "bootstrap-admin");
        assertProblem(http.post("/v1/tokens/" + adminToken + "/suspend", revoker, "{}"), 404, "not-found", null);
        assertProblem(http.post("/v1/tokens/" + adminToken + "/revoke", revoker, "{}"), 404, "not-found", null);
        assertThat(eventTypesOf(adminToken)).containsExactly("TokenIssued");
    }

    @Test
    void aTokenOfTheCallersOwnOwnerIdIsWithinReach() throws Exception {
        String own = issue(aliceIssuer, "alice");
        // Issued by another of alice's tokens: same owner, so alice's other token manages it too.
        HttpResponse<String> rescoped = http.put("/v1/tokens/" + own + "/scopes", aliceOther, "{\"scopes\":[\"billing:read\"]}");
        assertThat(rescoped.statusCode()).as(rescoped.body()).isEqualTo(200);
        HttpResponse<String> rotated = http.post("/v1/tokens/" + own + "/rotate", aliceOther, "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(eventTypesOf(own)).containsExactly("TokenIssued", "TokenRotated");
    }

    @Test
    void descendantsAcrossGenerationsAreWithinReachButSiblingsAndAncestorsAreNot() throws Exception {
        // dana issues a child for erin that may itself issue; the child issues a grandchild for erin.
        HttpResponse<String> childIssued = http.post("/v1/tokens", dana,
                "{\"ownerId\":\"erin\",\"name\":\"erin's issuer\",\"scopes\":[\"tokens:issue\",\"billing:read\"],\"ttl\":\"PT1H\"}");
        assertThat(childIssued.statusCode()).as(childIssued.body()).isEqualTo(201);
        String child = body(childIssued).get("tokenId").asText();
        String childSecret = body(childIssued).get("token").asText();
        introspection.allow(childSecret, child, "erin", "tokens:issue billing:read");
        String grandchild = issue(childSecret, "erin");
        String danasOwn = issue(dana, "dana");

        // The grandchild descends from dana: in reach, although its owner is erin.
        HttpResponse<String> revoked = http.post("/v1/tokens/" + grandchild + "/revoke", dana, "{\"reason\":\"compromised issuer\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        // dana's other token is a sibling: not the grandchild's ancestor, not its owner.
        String cousin = issue(childSecret, "erin");
        assertProblem(http.post("/v1/tokens/" + cousin + "/revoke", danaSibling, "{}"), 404, "not-found", null);
        // The child cannot climb up to its issuer's other tokens (another owner, not its descendant).
        assertProblem(http.put("/v1/tokens/" + danasOwn + "/scopes", childSecret, "{\"scopes\":[\"billing:read\"]}"), 404, "not-found", null);

        assertThat(eventTypesOf(grandchild)).containsExactly("TokenIssued", "TokenRevoked");
        assertThat(eventTypesOf(cousin)).containsExactly("TokenIssued");
        assertThat(eventTypesOf(danasOwn)).containsExactly("TokenIssued");
    }

    @Test
    void aSupersededSecretChangesNothing() throws Exception {
        HttpResponse<String> issued = http.post("/v1/tokens", admin, issueBody("frank", "PT2H"));
        String tokenId = body(issued).get("tokenId").asText();
        String oldSecret = body(issued).get("token").asText();
        introspection.allow(oldSecret, tokenId, "frank", "billing:read");
        HttpResponse<String> rotated = http.post("/v1/tokens/" + tokenId + "/rotate", oldSecret, "{\"overlap\":\"PT5M\"}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        // As token-query now answers for the old secret: active, but superseded.
        introspection.allowSuperseded(oldSecret, tokenId, "frank", "billing:read");

        for (HttpResponse<String> attempt : List.of(
                http.post("/v1/tokens/" + tokenId + "/rotate", oldSecret, "{\"overlap\":\"PT0S\"}"),
                http.put("/v1/tokens/" + tokenId + "/scopes", oldSecret, "{\"scopes\":[\"billing:read\"]}"),
                http.post("/v1/tokens/" + tokenId + "/revoke", oldSecret, "{}"),
                http.post("/v1/tokens", oldSecret, issueBody("frank", "PT1H")))) {
            assertProblem(attempt, 401, "unauthenticated", "superseded");
            assertThat(attempt.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                    assertThat(v).contains("error=\"invalid_token\""));
        }
        assertThat(eventTypesOf(tokenId)).containsExactly("TokenIssued", "TokenRotated");
        assertThat(tokensOf("frank")).isEqualTo(1);
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesInFreeTextAreRefusedNamingTheField() throws Exception {
        String tokenId = issue(admin, "gina");
        for (String bad : List.of("a\\u0000b", "\\u001b[31mred", "line\\nbreak", "x\\u0085y", "lone \\ud800 half")) {
            assertProblem(http.post("/v1/tokens/" + tokenId + "/revoke", admin, "{\"reason\":\"" + bad + "\"}"), 400, "invalid-request", "reason");
            assertProblem(http.post("/v1/tokens", admin, "{\"ownerId\":\"gina\",\"name\":\"" + bad + "\",\"scopes\":[\"billing:read\"],\"ttl\":\"PT1H\"}"),
                    400, "invalid-request", "name");
            assertProblem(http.post("/v1/users/gina/suspend", offboarder, "{\"correlationId\":\"" + bad + "\"}"), 400, "invalid-request", "correlationId");
        }
        assertProblem(http.post("/v1/tokens/" + tokenId + "/revoke", admin, "{\"reason\":\"" + "r".repeat(501) + "\"}"), 400, "invalid-request", "reason");
        assertThat(eventTypesOf(tokenId)).containsExactly("TokenIssued");
        assertThat(tokensOf("gina")).isEqualTo(1);
        assertThat(db.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = 'gina'", Integer.class)).isZero();
    }

    @Test
    void theSuitesOwnPrincipalsCannotBeOffboardedOrSentOnLeave() throws Exception {
        String listenerToken = issue(admin, "lifecycle-listener");
        for (String principal : List.of("lifecycle-listener", "bootstrap-admin")) {
            assertProblem(http.post("/v1/users/" + principal + "/offboard", offboarder, "{\"reason\":\"HR says so\"}"), 409, "conflict", "suite's own principals");
            assertProblem(http.post("/v1/users/" + principal + "/suspend", offboarder, "{}"), 409, "conflict", "suite's own principals");
            assertProblem(http.post("/v1/users/" + principal + "/reinstate", offboarder, "{}"), 409, "conflict", "suite's own principals");
            assertThat(db.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Integer.class, principal)).isZero();
        }
        assertThat(eventTypesOf(listenerToken)).containsExactly("TokenIssued");
    }

    @Test
    void offboardingCountsWhatItActuallyChanged() throws Exception {
        issue(admin, "henry");
        issue(admin, "henry");
        JsonNode first = body(http.post("/v1/users/henry/offboard", offboarder, "{\"reason\":\"left\"}"));
        assertThat(first.get("affectedTokens").asInt()).isEqualTo(2);
        JsonNode again = body(http.post("/v1/users/henry/offboard", offboarder, "{\"reason\":\"left\"}"));
        assertThat(again.get("state").asText()).isEqualTo("offboarded");
        assertThat(again.get("affectedTokens").asInt()).isZero();
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerDoNotChangeTheReportedClientAddress() throws Exception {
        String tokenId = issue(admin, "ivan");
        HttpResponse<String> response = http.post("/v1/tokens/" + tokenId + "/suspend", admin, "{}",
                Map.of("X-Forwarded-For", "10.9.9.9", "Forwarded", "for=10.9.9.9"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(introspection.lastClientAddress()).isEqualTo("127.0.0.1");
    }

    // --- helpers

    private static String issueBody(String owner, String ttl) {
        return "{\"ownerId\":\"" + owner + "\",\"name\":\"attack test\",\"scopes\":[\"billing:read\"],\"ttl\":\"" + ttl + "\"}";
    }

    private static String issue(String bearer, String owner) throws Exception {
        HttpResponse<String> response = http.post("/v1/tokens", bearer, issueBody(owner, "PT1H"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response).get("tokenId").asText();
    }

    private static int tokensOf(String owner) {
        return db.queryForObject("SELECT count(*) FROM user_tokens WHERE user_id = ?", Integer.class, owner);
    }

    private static List<String> eventTypesOf(String tokenId) {
        return service.eventTypesOf(tokenId);
    }
}

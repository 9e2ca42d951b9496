package org.tokensuite.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tokensuite.api.secret.TokenSecrets;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.command.it.CommandHttp.assertProblem;
import static org.tokensuite.command.it.CommandHttp.body;

/**
 * The scope catalogue over HTTP, on real PostgreSQL and Kafka: {@code PUT /v1/systems/{system}} (tokens:admin),
 * seeding from {@code tokens.policy.known-scopes}, and what a retirement does to issuing and re-scoping.
 */
class ScopeCatalogueTest {

    private static CommandService service;
    private static JdbcTemplate db;
    private static CommandHttp http;
    private static String admin;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        // Seeds payroll (two actions); the suite's own scopes named with them are built in, not seeded.
        service = CommandService.start("command-catalogue",
                Map.of("tokens.policy.known-scopes", "tokens:issue,payroll:read,payroll:approve"));
        db = service.db();
        http = service.http();
        admin = service.introspection().caller("tok_00000000000000000000000000000001", "bootstrap-admin", "tokens:admin");
        issuer = service.introspection().caller("tok_00000000000000000000000000000002", "ivan",
                "tokens:issue tokens:delegate crm:read payroll:read");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theSettingSeedsAnEmptyCatalogueOnceAsTheBootstrapPrincipalAndNotAgainByAnotherInstance() throws Exception {
        try (CommandService beside = service.startBeside("command-catalogue2",
                Map.of("tokens.policy.known-scopes", "payroll:read,payroll:approve,ledger:*"))) {
            assertThat(beside.port()).isPositive();
        }
        assertThat(service.eventTypesOf("scope-system:payroll")).containsExactly("SystemRegistered");
        assertThat(service.eventTypesOf("scope-system:tokens")).isEmpty();
        // The catalogue was not empty when the second instance started: its setting is not read.
        assertThat(service.eventTypesOf("scope-system:ledger")).isEmpty();
        JsonNode registered = payload("scope-system:payroll", 0);
        assertThat(registered.path("actor").path("id").asText()).isEqualTo("system:bootstrap");
        assertThat(registered.path("cause").path("reason").asText()).isEqualTo("seeded from TOKENS_POLICY_KNOWN_SCOPES");
        assertThat(registered.path("actions").has("read")).isTrue();
        assertThat(registered.path("actions").has("approve")).isTrue();
        assertThat(http.post("/v1/tokens", admin, issueBody("payroll:approve")).statusCode()).isEqualTo(201);
    }

    @Test
    void aSeededCatalogueDoesNotStopTheBootstrapAdminTokenOfAnEmptyStore() throws Exception {
        String adminToken = new TokenSecrets().generate();
        // The first instance seeds the catalogue; the second, configured with an admin token, finds only those events.
        try (CommandService seeder = CommandService.start("command-catalogue-boot", Map.of("tokens.policy.known-scopes", "fleet:*"));
             CommandService beside = seeder.startBeside("command-catalogue-boot2",
                     Map.of("tokens.policy.known-scopes", "fleet:*", "tokens.bootstrap.admin-token", adminToken))) {
            assertThat(beside.port()).isPositive();
            assertThat(seeder.eventTypesOf("scope-system:fleet")).containsExactly("SystemRegistered");
            assertThat(seeder.db().queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype = ?",
                    Integer.class, "org.tokensuite.api.event.TokenIssued")).isEqualTo(1);
            assertThat(seeder.db().queryForObject("SELECT count(*) FROM user_tokens WHERE user_id = 'bootstrap-admin'",
                    Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void onlyAnAdminMayDefineASystemAndARefusalRecordsNothing() throws Exception {
        String body = "{\"description\":\"customers\",\"actions\":{\"read\":\"see customers\"}}";
        assertProblem(http.put("/v1/systems/crm", null, body), 401, "unauthenticated", null);
        assertProblem(http.put("/v1/systems/crm", "tkn_not-a-known-token", body), 401, "unauthenticated", null);
        assertProblem(http.put("/v1/systems/crm", issuer, body), 403, "forbidden", null);
        assertThat(service.eventTypesOf("scope-system:crm")).isEmpty();
        assertThat(catalogued("crm")).isZero();
        assertProblem(http.post("/v1/tokens", admin, issueBody("crm:read")), 400, "invalid-request", "unknown scope(s): crm:read");
    }

    @Test
    void aMalformedDefinitionIsRefusedNamingWhatIsWrongAndRecordsNothing() throws Exception {
        Map<String, String> refusals = Map.of(
                "{\"description\":\"x\",", "",
                "{\"actions\":{\"read\":\"see\"}}", "description",
                "{\"description\":\"x\",\"actions\":{}}", "at least one action",
                "{\"description\":\"x\",\"actions\":{\"Read\":\"see\"}}", "action name",
                "{\"description\":\"x\",\"actions\":{\"read\":\"\"}}", "actions.read",
                "{\"description\":\"line\\nbreak\",\"actions\":{\"read\":\"see\"}}", "description",
                "{\"description\":\"x\",\"actions\":{\"read\":\"see\"},\"reason\":\"a\\u0000b\"}", "reason",
                "{\"description\":\"x\",\"actions\":{\"read\":\"see\"},\"owner\":\"me\"}", "",
                "{\"description\":\"x\",\"actions\":[\"read\"]}", "");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            assertProblem(http.put("/v1/systems/bad", admin, refusal.getKey()), 400, "invalid-request",
                    refusal.getValue().isEmpty() ? null : refusal.getValue());
        }
        assertProblem(http.put("/v1/systems/Bad_Name", admin, "{\"description\":\"x\",\"actions\":{\"read\":\"see\"}}"),
                400, "invalid-request", "system");
        assertThat(service.eventTypesOf("scope-system:bad")).isEmpty();
        assertThat(catalogued("bad")).isZero();
    }

    @Test
    void theSuitesOwnSystemsCannotBeRegisteredOrChanged() throws Exception {
        for (String own : List.of("tokens", "users", "audit")) {
            assertProblem(http.put("/v1/systems/" + own, admin, "{\"description\":\"x\",\"actions\":{\"everything\":\"all\"}}"),
                    409, "conflict", "suite's own");
            assertThat(service.eventTypesOf("scope-system:" + own)).isEmpty();
        }
        assertProblem(http.post("/v1/tokens", admin, issueBody("tokens:everything")), 400, "invalid-request", "tokens:everything");
    }

    @Test
    void aRetiredActionCanNoLongerBeGrantedWhileTokensHoldingItKeepItUntilReScoped() throws Exception {
        HttpResponse<String> registered = http.put("/v1/systems/crm-retire", admin,
                "{\"description\":\"customers\",\"actions\":{\"read\":\"see customers\",\"write\":\"change customers\"},"
                        + "\"reason\":\"onboarding crm\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(body(registered).get("changed").asBoolean()).isTrue();
        String holder = tokenId(http.post("/v1/tokens", admin, issueBody("crm-retire:read", "crm-retire:write")));

        // The same definition again: nothing recorded.
        HttpResponse<String> again = http.put("/v1/systems/crm-retire", admin,
                "{\"description\":\"customers\",\"actions\":{\"write\":\"change customers\",\"read\":\"see customers\"}}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).get("changed").asBoolean()).isFalse();
        assertThat(service.eventTypesOf("scope-system:crm-retire")).containsExactly("SystemRegistered");

        HttpResponse<String> retired = http.put("/v1/systems/crm-retire", admin,
                "{\"description\":\"customers\",\"actions\":{\"write\":\"change customers\"},\"reason\":\"read moves to the data lake\"}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
        assertThat(body(retired).get("retiredActions").toString()).isEqualTo("[\"read\"]");
        assertThat(service.eventTypesOf("scope-system:crm-retire")).containsExactly("SystemRegistered", "SystemChanged");
        assertThat(payload("scope-system:crm-retire", 1).path("cause").path("reason").asText()).isEqualTo("read moves to the data lake");

        assertProblem(http.post("/v1/tokens", admin, issueBody("crm-retire:read")), 400, "invalid-request", "retired scope(s), no longer granted: crm-retire:read");
        assertProblem(http.put("/v1/tokens/" + holder + "/scopes", admin, "{\"scopes\":[\"crm-retire:read\",\"crm-retire:write\"]}"),
                400, "invalid-request", "crm-retire:read");
        // The holder was not touched; re-scoping it away from the retired action works.
        assertThat(service.eventTypesOf(holder)).containsExactly("TokenIssued");
        HttpResponse<String> rescoped = http.put("/v1/tokens/" + holder + "/scopes", admin, "{\"scopes\":[\"crm-retire:write\"]}");
        assertThat(rescoped.statusCode()).as(rescoped.body()).isEqualTo(200);

        // Put back, it is grantable again.
        HttpResponse<String> readded = http.put("/v1/systems/crm-retire", admin,
                "{\"description\":\"customers\",\"actions\":{\"read\":\"see customers\",\"write\":\"change customers\"}}");
        assertThat(readded.statusCode()).isEqualTo(200);
        assertThat(body(readded).get("retiredActions").size()).isZero();
        assertThat(http.post("/v1/tokens", admin, issueBody("crm-retire:read")).statusCode()).isEqualTo(201);
    }

    @Test
    void theWildcardOfASystemWithExplicitActionsIsNotGrantableButOneWithTheEveryActionEntryIs() throws Exception {
        assertThat(http.put("/v1/systems/crm-wild", admin, "{\"description\":\"c\",\"actions\":{\"read\":\"r\"}}").statusCode()).isEqualTo(201);
        assertProblem(http.post("/v1/tokens", admin, issueBody("crm-wild:*")), 400, "invalid-request", "unknown scope(s): crm-wild:*");
        assertThat(http.put("/v1/systems/crm-open", admin, "{\"description\":\"c\",\"actions\":{\"*\":\"every action\"}}").statusCode()).isEqualTo(201);
        assertThat(http.post("/v1/tokens", admin, issueBody("crm-open:*", "crm-open:anything")).statusCode()).isEqualTo(201);
    }

    private static String issueBody(String... scopes) {
        return "{\"ownerId\":\"bootstrap-admin\",\"name\":\"catalogue test\",\"scopes\":[\""
                + String.join("\",\"", scopes) + "\"],\"ttl\":\"PT1H\"}";
    }

    private static String tokenId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return body(response).get("tokenId").asText();
    }

    private static int catalogued(String system) {
        return db.queryForObject("SELECT count(*) FROM scope_systems WHERE system = ?", Integer.class, system);
    }

    private static JsonNode payload(String aggregateId, long sequence) throws Exception {
        byte[] payload = db.queryForObject("SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?",
                byte[].class, aggregateId, sequence);
        return CommandHttp.JSON.readTree(payload);
    }
}

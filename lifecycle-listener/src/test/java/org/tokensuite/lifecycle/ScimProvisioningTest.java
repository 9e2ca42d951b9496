package org.tokensuite.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.lifecycle.support.IntrospectionDouble;
import org.tokensuite.lifecycle.support.TokenCommandDouble;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCIM 2.0 as Okta's SCIM connector and Entra ID's provisioning service use it: the request sequences
 * they send when an administrator tests the connection and when people are provisioned, changed and
 * deprovisioned, replayed against a real PostgreSQL, with token-command and token-query's
 * introspection played by in-test HTTP doubles. It asserts what a connector relies on (status,
 * content type, schemas, the ListResponse's shape) and that an offboarding reaches token-command
 * exactly once; every refusal also shows that nothing changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // stopped after this class: its listener must not outlive it
class ScimProvisioningTest {

    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    private static final IntrospectionDouble introspection = new IntrospectionDouble();
    private static final String listenerToken = introspection.mint("lifecycle-listener", "users:offboard users:suspend");
    /** What the README tells an administrator to create for Okta or Entra ID. */
    private static final String idpToken = introspection.mint("okta-connector", "users:offboard users:suspend");
    private static final String offboardOnlyToken = introspection.mint("entra-connector", "users:offboard");
    private static final String narrowToken = introspection.mint("reader", "tokens:read");
    private static final TokenCommandDouble tokenCommand = new TokenCommandDouble(listenerToken);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "lifecycle-scim");
        // Topics and a consumer group of its own: LifecycleListenerTest shares the broker, and a second
        // member of its group would take its partitions (and its events).
        TestKafka.createTopics(1, "hr.employee-events.scim");
        TestKafka.createTopics(1, "hr.employee-events.scim.dlq");
        registry.add("lifecycle.topic", () -> "hr.employee-events.scim");
        registry.add("lifecycle.dead-letter-topic", () -> "hr.employee-events.scim.dlq");
        registry.add("spring.kafka.consumer.group-id", () -> "lifecycle-scim");
        registry.add("lifecycle.command-url", tokenCommand::url);
        registry.add("lifecycle.command-token", () -> listenerToken);
        registry.add("tokens.resource-server.introspection-urls", introspection::url);
    }

    @AfterEach
    void tokenCommandAnswersAgain() {
        tokenCommand.answer(200);
    }

    @AfterAll
    static void stop() {
        tokenCommand.close();
        introspection.close();
    }

    // ---- Okta ----

    /**
     * Okta's SCIM 2.0 spec test and its provisioning: the connector's capabilities, a lookup by
     * userName that finds nobody, the creation, a read by id, a profile update (PUT restating
     * active:true), the deactivation (PUT active:false), a read showing it.
     */
    @Test
    void oktasValidationAndProvisioningSequenceRecordsThePersonAndDeactivationOffboardsThemOnce() throws Exception {
        HttpResponse<String> config = send("GET", "/scim/v2/ServiceProviderConfig", idpToken, null);
        JsonNode capabilities = scimJson(config, 200);
        assertThat(capabilities.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        assertThat(capabilities.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(capabilities.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(capabilities.path("filter").path("maxResults").asInt()).isEqualTo(200);
        assertThat(capabilities.path("bulk").path("supported").asBoolean()).isFalse();
        assertThat(capabilities.path("sort").path("supported").asBoolean()).isFalse();
        assertThat(capabilities.path("changePassword").path("supported").asBoolean()).isFalse();
        assertThat(capabilities.path("etag").path("supported").asBoolean()).isTrue();
        assertThat(capabilities.path("authenticationSchemes").get(0).path("type").asText()).isEqualTo("oauthbearertoken");

        String userName = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode nobody = scimJson(send("GET", "/scim/v2/Users?filter=" + encode("userName eq \"" + userName + "\"")
                + "&startIndex=1&count=100", idpToken, null), 200);
        assertEmptyList(nobody);
        // Okta's spec test also reads a page of users and one that does not exist
        assertThat(scimJson(send("GET", "/scim/v2/Users?count=1&startIndex=1", idpToken, null), 200)
                .path("schemas").get(0).asText()).isEqualTo(LIST_RESPONSE);
        assertScimError(send("GET", "/scim/v2/Users/" + UUID.randomUUID(), idpToken, null), 404, null);

        HttpResponse<String> created = send("POST", "/scim/v2/Users", idpToken, oktaUser(userName, "Ada", true));
        JsonNode user = scimJson(created, 201);
        assertThat(user.path("schemas").get(0).asText()).isEqualTo(USER_SCHEMA);
        assertThat(user.path("id").asText()).isEqualTo(userName);
        assertThat(user.path("userName").asText()).isEqualTo(userName);
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Ada");
        assertThat(user.path("emails").get(0).path("value").asText()).isEqualTo(userName + "@example.com");
        assertThat(user.has("password")).as("a password Okta sends is never kept").isFalse();
        assertThat(user.path("meta").path("resourceType").asText()).isEqualTo("User");
        assertThat(user.path("meta").path("version").asText()).isEqualTo("W/\"1\"");
        assertThat(created.headers().firstValue("ETag")).hasValue("W/\"1\"");
        String location = "http://127.0.0.1:" + port + "/scim/v2/Users/" + userName;
        assertThat(created.headers().firstValue("Location")).hasValue(location);
        assertThat(user.path("meta").path("location").asText()).isEqualTo(location);
        assertThat(tokenCommand.callsFor(userName)).as("recording a person creates and changes no token").isEmpty();

        JsonNode read = scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200);
        assertThat(read.path("userName").asText()).isEqualTo(userName);
        assertThat(read.path("meta").path("created").asText()).isEqualTo(user.path("meta").path("created").asText());
        JsonNode found = scimJson(send("GET", "/scim/v2/Users?filter=" + encode("userName eq \"" + userName.toUpperCase() + "\"")
                + "&startIndex=1&count=100", idpToken, null), 200);
        assertThat(found.path("totalResults").asInt()).as("userName compares without case").isEqualTo(1);
        assertThat(found.path("Resources").get(0).path("id").asText()).isEqualTo(userName);

        JsonNode renamed = scimJson(send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Augusta", true)), 200);
        assertThat(renamed.path("name").path("givenName").asText()).isEqualTo("Augusta");
        assertThat(renamed.path("meta").path("version").asText()).isEqualTo("W/\"2\"");
        assertThat(tokenCommand.callsFor(userName)).as("a profile update restating active:true ends no leave").isEmpty();

        HttpResponse<String> deactivated = send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Augusta", false));
        assertThat(scimJson(deactivated, 200).path("active").asBoolean()).isFalse();
        assertThat(tokenCommand.callsFor(userName)).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("offboard");
            assertThat(call.correlationId()).startsWith("scim:");
            assertThat(call.reason()).contains("okta-connector");
            assertThat(call.authorized()).isTrue();
        });
        assertThat(scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200).path("active").asBoolean()).isFalse();

        // Okta repeats itself after a timeout: the same deactivation again sends nothing more.
        scimJson(send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Augusta", false)), 200);
        assertThat(tokenCommand.callsFor(userName)).hasSize(1);
    }

    @Test
    void oktasPatchDeactivationOffboardsOnceAndAnswersTheUser() throws Exception {
        String userName = created("emp-", true);

        HttpResponse<String> patched = send("PATCH", "/scim/v2/Users/" + userName, idpToken,
                "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");

        assertThat(scimJson(patched, 200).path("active").asBoolean()).isFalse();
        assertThat(tokenCommand.callsFor(userName)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
    }

    // ---- Entra ID ----

    /**
     * Entra ID's provisioning: "Test connection" looks up a random userName (nobody), the cycle then
     * looks up the person by userName, creates them, finds them by externalId, changes attributes
     * with its own paths, disables them (Replace active "False") and at last deletes them.
     */
    @Test
    void entrasProvisioningCycleRecordsUpdatesDisablesAndDeletesWithOneOffboarding() throws Exception {
        // a client that accepts only application/json still gets the SCIM media type (a JSON type)
        assertEmptyList(scimJson(send("GET", "/scim/v2/Users?filter=" + encode("userName eq \"" + UUID.randomUUID() + "\""),
                offboardOnlyToken, null, Map.of("Accept", "application/json")), 200));
        String userName = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String externalId = UUID.randomUUID().toString();
        assertEmptyList(scimJson(send("GET", "/scim/v2/Users?filter=" + encode("userName eq \"" + userName + "\""),
                offboardOnlyToken, null), 200));

        JsonNode user = scimJson(send("POST", "/scim/v2/Users", offboardOnlyToken, "{\"schemas\":[\"" + USER_SCHEMA + "\","
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],\"externalId\":\"" + externalId + "\","
                + "\"userName\":\"" + userName + "\",\"active\":true,\"displayName\":\"Ada Lovelace\","
                + "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + userName + "\"}],"
                + "\"meta\":{\"resourceType\":\"User\"},\"name\":{\"formatted\":\"Ada Lovelace\",\"familyName\":\"Lovelace\","
                + "\"givenName\":\"Ada\"},\"roles\":[],"
                + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"department\":\"Analytical Engines\"}}"), 201);
        assertThat(user.path("externalId").asText()).isEqualTo(externalId);
        assertThat(user.path("id").asText()).isEqualTo(userName);

        JsonNode byExternalId = scimJson(send("GET", "/scim/v2/Users?filter=" + encode("externalId eq \"" + externalId + "\""),
                offboardOnlyToken, null), 200);
        assertThat(byExternalId.path("totalResults").asInt()).isEqualTo(1);
        assertThat(byExternalId.path("Resources").get(0).path("userName").asText()).isEqualTo(userName);
        assertEmptyList(scimJson(send("GET", "/scim/v2/Users?filter=" + encode("externalId eq \"" + externalId.toUpperCase() + "\""),
                offboardOnlyToken, null), 200)); // externalId is case-exact (RFC 7643)

        JsonNode changed = scimJson(send("PATCH", "/scim/v2/Users/" + userName, offboardOnlyToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"ada@new.example.com\"},"
                + "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"King\"},"
                + "{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber\",\"value\":\"4711\"}]}"),
                200);
        assertThat(changed.path("emails").get(0).path("value").asText()).isEqualTo("ada@new.example.com");
        assertThat(changed.path("name").path("familyName").asText()).isEqualTo("King");
        assertThat(changed.path("active").asBoolean()).isTrue();
        assertThat(tokenCommand.callsFor(userName)).isEmpty();

        JsonNode disabled = scimJson(send("PATCH", "/scim/v2/Users/" + userName, offboardOnlyToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}"), 200);
        assertThat(disabled.path("active").asBoolean()).isFalse();
        assertThat(tokenCommand.callsFor(userName)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");

        HttpResponse<String> deleted = send("DELETE", "/scim/v2/Users/" + userName, offboardOnlyToken, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(tokenCommand.callsFor(userName)).as("offboarded once: the deletion of a disabled user sends nothing more")
                .hasSize(1);
        assertScimError(send("GET", "/scim/v2/Users/" + userName, offboardOnlyToken, null), 404, null);
        assertEmptyList(scimJson(send("GET", "/scim/v2/Users?filter=" + encode("externalId eq \"" + externalId + "\""),
                offboardOnlyToken, null), 200));
    }

    @Test
    void deletingAnActiveRecordedUserOffboardsThemAndForgetsTheRecord() throws Exception {
        String userName = created("emp-", true);

        assertThat(send("DELETE", "/scim/v2/Users/" + userName, idpToken, null).statusCode()).isEqualTo(204);

        assertThat(tokenCommand.callsFor(userName)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
        assertThat(recorded(userName)).isZero();
    }

    @Test
    void discoveryDescribesTheUserResourceAndItsSchema() throws Exception {
        JsonNode types = scimJson(send("GET", "/scim/v2/ResourceTypes", offboardOnlyToken, null), 200);
        assertThat(types.path("schemas").get(0).asText()).isEqualTo(LIST_RESPONSE);
        assertThat(types.path("totalResults").asInt()).isEqualTo(1);
        JsonNode userType = types.path("Resources").get(0);
        assertThat(userType.path("id").asText()).isEqualTo("User");
        assertThat(userType.path("endpoint").asText()).isEqualTo("/Users");
        assertThat(userType.path("schema").asText()).isEqualTo(USER_SCHEMA);
        assertThat(userType.path("meta").path("location").asText()).isEqualTo("http://127.0.0.1:" + port + "/scim/v2/ResourceTypes/User");
        assertThat(scimJson(send("GET", "/scim/v2/ResourceTypes/User", offboardOnlyToken, null), 200).path("name").asText())
                .isEqualTo("User");

        JsonNode schemas = scimJson(send("GET", "/scim/v2/Schemas", offboardOnlyToken, null), 200);
        assertThat(schemas.path("Resources").get(0).path("id").asText()).isEqualTo(USER_SCHEMA);
        JsonNode schema = scimJson(send("GET", "/scim/v2/Schemas/" + USER_SCHEMA, offboardOnlyToken, null), 200);
        List<String> attributes = new ArrayList<>();
        schema.path("attributes").forEach(a -> attributes.add(a.path("name").asText()));
        assertThat(attributes).contains("userName", "externalId", "name", "displayName", "emails", "active");
        assertThat(schema.path("attributes").get(0).path("uniqueness").asText()).isEqualTo("server");

        assertScimError(send("GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group", offboardOnlyToken, null), 404, null);
        assertScimError(send("GET", "/scim/v2/ResourceTypes/Group", offboardOnlyToken, null), 404, null);
    }

    @Test
    void usersArePagedWithStartIndexAndCount() throws Exception {
        Set<String> mine = Set.of(created("page-", true), created("page-", true), created("page-", true));

        JsonNode totals = scimJson(send("GET", "/scim/v2/Users?count=0", idpToken, null), 200);
        int total = totals.path("totalResults").asInt();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(totals.path("itemsPerPage").asInt()).isZero();
        assertThat(totals.path("Resources")).isEmpty();

        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= total; start += 2) {
            JsonNode page = scimJson(send("GET", "/scim/v2/Users?startIndex=" + start + "&count=2", idpToken, null), 200);
            assertThat(page.path("startIndex").asInt()).isEqualTo(start);
            assertThat(page.path("totalResults").asInt()).isEqualTo(total);
            assertThat(page.path("itemsPerPage").asInt()).isEqualTo(page.path("Resources").size()).isLessThanOrEqualTo(2);
            page.path("Resources").forEach(u -> seen.add(u.path("id").asText()));
        }
        assertThat(seen).hasSize(total).doesNotHaveDuplicates().containsAll(mine);
        assertThat(scimJson(send("GET", "/scim/v2/Users?startIndex=" + (total + 1), idpToken, null), 200).path("Resources")).isEmpty();
        assertThat(scimJson(send("GET", "/scim/v2/Users?startIndex=0&count=100000", idpToken, null), 200).path("startIndex").asInt())
                .as("startIndex below 1 counts as 1").isEqualTo(1);
        assertScimError(send("GET", "/scim/v2/Users?count=many", idpToken, null), 400, "invalidValue");
    }

    // ---- active:true: the end of a leave ----

    @Test
    void patchActiveTrueOfAnActiveUserEndsTheirLeaveLikeTheHrEvent() throws Exception {
        String userName = created("emp-", true);

        JsonNode back = scimJson(send("PATCH", "/scim/v2/Users/" + userName, idpToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}"), 200);

        assertThat(back.path("active").asBoolean()).isTrue();
        assertThat(tokenCommand.callsFor(userName)).singleElement().satisfies(call -> {
            assertThat(call.action()).isEqualTo("reinstate");
            assertThat(call.correlationId()).startsWith("scim:");
        });
    }

    @Test
    void endingALeaveNeedsUsersSuspendAsWellAndARefusalChangesNothing() throws Exception {
        String userName = created("emp-", true);

        HttpResponse<String> refused = send("PATCH", "/scim/v2/Users/" + userName, offboardOnlyToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"changed\"},"
                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":true}]}");

        assertScimError(refused, 403, null);
        assertThat(tokenCommand.callsFor(userName)).isEmpty();
        JsonNode unchanged = scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200);
        assertThat(unchanged.path("displayName").asText()).isEqualTo("Ada Lovelace");
        assertThat(unchanged.path("meta").path("version").asText()).isEqualTo("W/\"1\"");
    }

    @Test
    void aDeactivatedUserCannotBeReactivatedAndNothingIsSent() throws Exception {
        String userName = created("emp-", true);
        scimJson(send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Ada", false)), 200);

        HttpResponse<String> patch = send("PATCH", "/scim/v2/Users/" + userName, idpToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":true}}]}");
        HttpResponse<String> put = send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Ada", true));

        assertScimError(patch, 400, "invalidValue");
        assertScimError(put, 400, "invalidValue");
        assertThat(tokenCommand.callsFor(userName)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
        assertThat(scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200).path("active").asBoolean()).isFalse();
    }

    // ---- refusals: nothing changes ----

    @Test
    void withoutATokenEveryScimEndpointIsUnauthorizedAndNothingIsRecorded() throws Exception {
        String userName = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        for (String path : List.of("/scim/v2/ServiceProviderConfig", "/scim/v2/Schemas", "/scim/v2/ResourceTypes",
                "/scim/v2/Users", "/scim/v2/Users/" + userName)) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertScimError(response, 401, null);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        }
        assertScimError(send("POST", "/scim/v2/Users", null, oktaUser(userName, "Ada", true)), 401, null);
        assertScimError(send("POST", "/scim/v2/Users", "tkn_" + "x".repeat(40), oktaUser(userName, "Ada", true)), 401, null);
        assertThat(recorded(userName)).isZero();
    }

    @Test
    void aTokenWithoutUsersOffboardIsForbiddenEverywhereAndNothingIsRecorded() throws Exception {
        String userName = created("emp-", true);
        String other = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        for (String path : List.of("/scim/v2/ServiceProviderConfig", "/scim/v2/Schemas", "/scim/v2/ResourceTypes",
                "/scim/v2/Users", "/scim/v2/Users/" + userName)) {
            assertScimError(send("GET", path, narrowToken, null), 403, null);
        }
        assertScimError(send("POST", "/scim/v2/Users", narrowToken, oktaUser(other, "Eve", true)), 403, null);
        assertScimError(send("PUT", "/scim/v2/Users/" + userName, narrowToken, oktaUser(userName, "Eve", false)), 403, null);
        assertScimError(send("DELETE", "/scim/v2/Users/" + userName, narrowToken, null), 403, null);

        assertThat(recorded(other)).isZero();
        assertThat(tokenCommand.callsFor(userName)).isEmpty();
        assertThat(scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200).path("meta").path("version").asText())
                .isEqualTo("W/\"1\"");
    }

    @Test
    void filtersOtherThanEqualityOnUserNameOrExternalIdAreRefusedAsInvalidFilter() throws Exception {
        for (String filter : List.of("userName co \"emp\"", "userName sw \"e\"", "userName pr", "title eq \"x\"",
                "userName eq \"a\" or userName eq \"b\"", "emails[type eq \"work\"].value eq \"a@example.com\"", "userName eq a")) {
            assertScimError(send("GET", "/scim/v2/Users?filter=" + encode(filter), idpToken, null), 400, "invalidFilter");
        }
    }

    @Test
    void aDuplicateUserNameInAnyCaseIsRefusedAsUniquenessAndTheFirstStaysAsItWas() throws Exception {
        String userName = created("emp-", true);

        HttpResponse<String> again = send("POST", "/scim/v2/Users", idpToken, oktaUser(userName, "Mallory", false));
        HttpResponse<String> upper = send("POST", "/scim/v2/Users", idpToken, oktaUser(userName.toUpperCase(), "Mallory", false));

        assertScimError(again, 409, "uniqueness");
        assertScimError(upper, 409, "uniqueness");
        assertThat(tokenCommand.callsFor(userName)).isEmpty();
        assertThat(tokenCommand.callsFor(userName.toUpperCase())).isEmpty();
        JsonNode first = scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200);
        assertThat(first.path("name").path("givenName").asText()).isEqualTo("Ada");
        assertThat(first.path("active").asBoolean()).isTrue();
        assertThat(recorded(userName.toUpperCase())).isZero();
    }

    @Test
    void aUserNameThatIsNotAValidOwnerIdIsRefusedAsInvalidValueAndNothingIsRecorded() throws Exception {
        for (String userName : List.of("Ada Lovelace", "-leading-dash", "ada/lovelace", "x".repeat(129), "ada\u001b[31m")) {
            HttpResponse<String> response = send("POST", "/scim/v2/Users", idpToken, "{\"schemas\":[\"" + USER_SCHEMA + "\"],"
                    + "\"userName\":" + json.writeValueAsString(userName) + ",\"active\":true}");
            assertScimError(response, 400, "invalidValue");
            assertThat(json.readTree(response.body()).path("detail").asText()).as(userName).contains("userName");
            assertThat(recorded(userName)).isZero();
        }
        assertScimError(send("POST", "/scim/v2/Users", idpToken, "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"active\":true}"),
                400, "invalidValue");
        assertScimError(send("POST", "/scim/v2/Users", idpToken, "{\"userName\":\"emp-1\"}"), 400, "invalidSyntax");
    }

    @Test
    void theSuitesOwnPrincipalsCanNeitherBeRecordedNorChangedAndNothingIsSent() throws Exception {
        for (String principal : List.of("lifecycle-listener", "Bootstrap-Admin")) {
            assertScimError(send("POST", "/scim/v2/Users", idpToken, oktaUser(principal, "Root", false)), 409, null);
            assertScimError(send("PUT", "/scim/v2/Users/" + principal, idpToken, oktaUser(principal, "Root", false)), 409, null);
            assertScimError(send("DELETE", "/scim/v2/Users/" + principal, idpToken, null), 409, null);
            assertThat(recorded(principal)).isZero();
            assertThat(tokenCommand.callsFor(principal)).isEmpty();
        }
    }

    @Test
    void userNameCannotChangeBecauseItIsTheOwnerIdOfThePersonsTokens() throws Exception {
        String userName = created("emp-", true);

        assertScimError(send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser("emp-someone-else", "Ada", true)), 400, "mutability");
        assertScimError(send("PATCH", "/scim/v2/Users/" + userName, idpToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"emp-someone-else\"}]}"), 400, "mutability");

        assertThat(recorded("emp-someone-else")).isZero();
        assertThat(scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200).path("meta").path("version").asText())
                .isEqualTo("W/\"1\"");
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndTheCurrentOneIsAccepted() throws Exception {
        String userName = created("emp-", true);

        HttpResponse<String> stale = send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Ada", false),
                Map.of("If-Match", "W/\"7\""));
        HttpResponse<String> staleDelete = send("DELETE", "/scim/v2/Users/" + userName, idpToken, null, Map.of("If-Match", "\"7\""));

        assertScimError(stale, 412, null);
        assertScimError(staleDelete, 412, null);
        assertThat(tokenCommand.callsFor(userName)).isEmpty();
        assertThat(recorded(userName)).isOne();
        HttpResponse<String> current = send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Augusta", true),
                Map.of("If-Match", "W/\"1\""));
        assertThat(scimJson(current, 200).path("meta").path("version").asText()).isEqualTo("W/\"2\"");
        assertThat(current.headers().firstValue("ETag")).hasValue("W/\"2\"");
    }

    @Test
    void whileTokenCommandCannotTakeTheOffboardingTheRecordStaysActiveAndARetryWorks() throws Exception {
        String userName = created("emp-", true);
        tokenCommand.answer(503);

        HttpResponse<String> unavailable = send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Ada", false));

        assertScimError(unavailable, 503, null);
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(tokenCommand.acceptedFor(userName)).isEmpty();
        assertThat(scimJson(send("GET", "/scim/v2/Users/" + userName, idpToken, null), 200).path("active").asBoolean()).isTrue();

        tokenCommand.answer(200);
        assertThat(scimJson(send("PUT", "/scim/v2/Users/" + userName, idpToken, oktaUser(userName, "Ada", false)), 200)
                .path("active").asBoolean()).isFalse();
        assertThat(tokenCommand.acceptedFor(userName)).hasSize(1);
    }

    @Test
    void aUserCreatedInactiveIsOffboardedAndUnrecordedAgainWhenThatFails() throws Exception {
        String failing = "emp-" + UUID.randomUUID().toString().substring(0, 8);
        tokenCommand.answer(503);
        assertScimError(send("POST", "/scim/v2/Users", idpToken, oktaUser(failing, "Ada", false)), 503, null);
        assertThat(recorded(failing)).isZero();

        tokenCommand.answer(200);
        String userName = created("emp-", false);
        assertThat(tokenCommand.acceptedFor(userName)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard");
    }

    @Test
    void anOwnerIdNeverRecordedHereIsStillOffboardedByPatchAndDeleteAsBefore() throws Exception {
        String hrOnly = "emp-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> patch = send("PATCH", "/scim/v2/Users/" + hrOnly, idpToken, "{\"schemas\":[\"" + PATCH_OP + "\"],"
                + "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        HttpResponse<String> delete = send("DELETE", "/scim/v2/Users/" + hrOnly, idpToken, null);

        assertThat(patch.statusCode()).isEqualTo(204);
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(tokenCommand.callsFor(hrOnly)).extracting(TokenCommandDouble.Call::action).containsExactly("offboard", "offboard");
        assertScimError(send("GET", "/scim/v2/Users/" + hrOnly, idpToken, null), 404, null);
        assertScimError(send("PUT", "/scim/v2/Users/" + hrOnly, idpToken, oktaUser(hrOnly, "Ada", true)), 404, null);
        assertThat(recorded(hrOnly)).isZero();
    }

    // ---- helpers ----

    /** A userName with this prefix, recorded by POST (Okta's body). */
    private String created(String prefix, boolean active) throws Exception {
        String userName = prefix + UUID.randomUUID().toString().substring(0, 8);
        JsonNode user = scimJson(send("POST", "/scim/v2/Users", idpToken, oktaUser(userName, "Ada", active)), 201);
        assertThat(user.path("active").asBoolean()).isEqualTo(active);
        return userName;
    }

    /** The body Okta's connector sends on POST and PUT (a password included, which is never kept). */
    private static String oktaUser(String userName, String givenName, boolean active) {
        return "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"" + givenName + "\",\"familyName\":\"Lovelace\"},"
                + "\"emails\":[{\"primary\":true,\"value\":\"" + userName + "@example.com\",\"type\":\"work\"}],"
                + "\"displayName\":\"Ada Lovelace\",\"locale\":\"en-US\",\"externalId\":\"00u" + Math.abs(userName.hashCode()) + "\","
                + "\"groups\":[],\"password\":\"1mz050nq\",\"active\":" + active + "}";
    }

    private int recorded(String userName) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM scim_user WHERE user_name = ?", Integer.class, userName);
        return count == null ? 0 : count;
    }

    private void assertEmptyList(JsonNode list) {
        assertThat(list.path("schemas").get(0).asText()).isEqualTo(LIST_RESPONSE);
        assertThat(list.path("totalResults").asInt()).isZero();
        assertThat(list.path("itemsPerPage").asInt()).isZero();
        assertThat(list.path("startIndex").asInt()).isEqualTo(1);
        assertThat(list.path("Resources").isArray()).isTrue();
        assertThat(list.path("Resources")).isEmpty();
    }

    private JsonNode scimJson(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/scim+json"));
        return json.readTree(response.body());
    }

    private void assertScimError(HttpResponse<String> response, int status, String scimType) throws Exception {
        JsonNode error = scimJson(response, status);
        assertThat(error.path("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(error.path("status").isTextual()).as("status is a string in SCIM's error").isTrue();
        assertThat(error.path("status").asText()).isEqualTo(Integer.toString(status));
        if (scimType != null) {
            assertThat(error.path("scimType").asText()).as(response.body()).isEqualTo(scimType);
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body, Map.of());
    }

    private HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Accept", "application/scim+json");
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            all.put("Content-Type", "application/scim+json; charset=utf-8");
        }
        all.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

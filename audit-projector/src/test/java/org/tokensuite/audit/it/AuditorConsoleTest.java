package org.tokensuite.audit.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Cause;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenHash;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;
import org.tokensuite.testsupport.SuiteInfrastructure;
import org.tokensuite.testsupport.TestKafka;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auditors' console (/console) as a browser meets it: sign-in with a token, a session cookie, the
 * token checked again on every request, security headers, forged posts refused, every view recorded.
 * Real PostgreSQL and Kafka; token-query's introspection is a stub whose tokens can be revoked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditorConsoleTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final TokenEventsPublisher PUBLISHER = new TokenEventsPublisher();
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // follows no redirects: each is asserted
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String OWNER = "frank-" + SUFFIX;
    private static final TokenId FRANKS_TOKEN = TokenId.random();
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Actor ADMIN = new Actor("tok_" + "a".repeat(32), "admin");

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SuiteInfrastructure.register(registry, "audit");
        TestKafka.createTopics(4, TokenEventsPublisher.TOPIC, TokenEventsPublisher.SIGNALS, TokenEventsPublisher.USAGE);
        registry.add("tokens.resource-server.introspection-urls", INTROSPECTION::url);
    }

    @BeforeAll
    static void history() {
        PUBLISHER.publish(new TokenIssued(FRANKS_TOKEN, new UserId(OWNER), "nightly export", Scopes.parse(List.of("billing:read")),
                new TokenHash("5e".repeat(32)), "ab12", null, T0.plus(Duration.ofDays(30)), List.of(), null, ADMIN,
                new Cause("needed for the export", "req-issue-" + SUFFIX), T0));
        PUBLISHER.publish(new TokenRevoked(FRANKS_TOKEN, new UserId(OWNER), ADMIN,
                new Cause("export retired", "req-revoke-" + SUFFIX), T0.plus(Duration.ofDays(2))));
    }

    @AfterAll
    static void stop() {
        PUBLISHER.close();
        INTROSPECTION.close();
    }

    // ---- sign-in ----

    @Test
    void aTokenWithAuditReadSignsInToASessionCookieThatHoldsNoToken() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("audit:read");

        HttpResponse<String> signIn = signIn(token, origin());

        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/console/events");
        String cookie = setCookie(signIn);
        assertThat(cookie).startsWith("console_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/console").doesNotContain("Secure").doesNotContain(token);
        HttpResponse<String> events = get("/console/events", sessionOf(signIn));
        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(events.body()).contains("<h1>Events</h1>").contains("Sign out").doesNotContain(token);
    }

    @Test
    void garbageOrUnknownTokensGetTheSignInPageAgainWith401AndNoSession() throws Exception {
        for (String token : List.of("garbage", "", "tkn_" + "x".repeat(10), INTROSPECTION.tokenWithScopes("audit:read") + "x")) {
            HttpResponse<String> refused = signIn(token, origin());

            assertThat(refused.statusCode()).as(token).isEqualTo(401);
            assertThat(refused.body()).contains("not an active token");
            assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("console_session=") && !c.startsWith("console_session=;"));
        }
    }

    @Test
    void aTokenWithoutAuditReadIsRefusedWith403AndNoSession() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("tokens:read billing:*");
        long before = allViews();

        HttpResponse<String> refused = signIn(token, origin());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("does not hold audit:read");
        assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(allViews()).isEqualTo(before);
    }

    @Test
    void withoutASessionEveryPageSendsToTheSignInPageAndNothingIsRecorded() throws Exception {
        long before = allViews();
        for (String path : List.of("/console/events", "/console/chain", "/console/reports", "/console/views",
                "/console/events/export?format=csv", "/console/tokens/" + FRANKS_TOKEN.value())) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location").orElseThrow()).isEqualTo("/console/sign-in");
            assertThat(response.body()).isEmpty();
        }
        HttpResponse<String> forged = get("/console/events", "console_session=" + "A".repeat(43));
        assertThat(forged.statusCode()).isEqualTo(303);
        assertThat(forged.headers().firstValue("Location").orElseThrow()).isEqualTo("/console/sign-in?ended=expired");
        assertThat(allViews()).isEqualTo(before);
    }

    // ---- every request checks the token again ----

    @Test
    void aRevokedTokenIsThrownOutOnItsNextRequestAndItsSessionStaysEnded() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("audit:read");
        String session = sessionOf(signIn(token, origin()));
        assertThat(get("/console/events", session).statusCode()).isEqualTo(200);

        INTROSPECTION.deactivate(token);
        HttpResponse<String> next = get("/console/chain", session);

        assertThat(next.statusCode()).isEqualTo(303);
        assertThat(next.headers().firstValue("Location").orElseThrow()).isEqualTo("/console/sign-in?ended=inactive");
        assertThat(setCookie(next)).startsWith("console_session=;").contains("Max-Age=0");
        HttpResponse<String> signInPage = get("/console/sign-in?ended=inactive", null);
        assertThat(signInPage.body()).contains("no longer valid");
        // The session is gone, not merely refused once: the old cookie does not work again.
        assertThat(get("/console/events", session).headers().firstValue("Location").orElseThrow())
                .isEqualTo("/console/sign-in?ended=expired");
    }

    @Test
    void aTokenThatLosesAuditReadIsThrownOutOnItsNextRequest() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("audit:read");
        String session = sessionOf(signIn(token, origin()));

        INTROSPECTION.rescope(token, "tokens:read");
        HttpResponse<String> next = get("/console/events", session);

        assertThat(next.statusCode()).isEqualTo(303);
        assertThat(next.headers().firstValue("Location").orElseThrow()).isEqualTo("/console/sign-in?ended=scope");
        INTROSPECTION.rescope(token, "audit:read");
        assertThat(get("/console/events", session).statusCode()).isEqualTo(303);
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));

        HttpResponse<String> out = post("/console/sign-out", "", session, origin());

        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in?ended=signed-out");
        assertThat(setCookie(out)).contains("Max-Age=0");
        assertThat(get("/console/events", session).statusCode()).isEqualTo(303);
    }

    // ---- headers and forgery ----

    @Test
    void consolePagesCarryTheSecurityHeaders() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));
        for (HttpResponse<String> page : List.of(get("/console/events", session), get("/console/sign-in", null),
                get("/console/reports", session))) {
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'self'").contains("script-src 'none'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
            assertThat(page.body()).doesNotContain("<script").doesNotContain(" style=\"");
        }
    }

    @Test
    void aSignInPostedFromAnotherSiteIsRefusedAndStartsNoSession() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("audit:read");
        long before = allViews();

        HttpResponse<String> crossSite = signIn(token, "https://evil.example");
        HttpResponse<String> noOrigin = post("/console/sign-in", "token=" + token, null, null);
        HttpResponse<String> nullOrigin = signIn(token, "null");

        for (HttpResponse<String> refused : List.of(crossSite, noOrigin, nullOrigin)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(refused.body()).contains("Request refused");
        }
        assertThat(allViews()).isEqualTo(before);
        // Fetch metadata from another site (or of the same site, another port) is refused whatever Origin says.
        for (String site : List.of("cross-site", "same-site", "none")) {
            HttpResponse<String> refused = signInWith(token, Map.of("Origin", origin(), "Sec-Fetch-Site", site));
            assertThat(refused.statusCode()).as(site).isEqualTo(403);
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(signInWith(token, Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "same-origin")).statusCode())
                .isEqualTo(403);
        assertThat(allViews()).isEqualTo(before);
        // What Chrome sends from the console's own no-referrer page: Origin null, Sec-Fetch-Site same-origin.
        assertThat(signInWith(token, Map.of("Origin", "null", "Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(302);
        assertThat(signInWith(token, Map.of("Sec-Fetch-Site", "same-origin")).statusCode()).isEqualTo(302);
    }

    @Test
    void aSignOutPostedFromAnotherSiteIsRefusedAndTheSessionGoesOn() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));

        HttpResponse<String> forged = post("/console/sign-out", "", session, "https://evil.example");

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(get("/console/events", session).statusCode()).isEqualTo(200);
    }

    // ---- pages and the record of views ----

    @Test
    void everyPageViewIsRecordedWithWhoWhatAndAQueryWithoutSecrets() throws Exception {
        String token = INTROSPECTION.tokenWithScopes("audit:read");
        String session = sessionOf(signIn(token, origin()));
        String pasted = INTROSPECTION.tokenWithScopes("billing:read");

        assertThat(get("/console/events?ownerId=" + OWNER, session).statusCode()).isEqualTo(200);
        assertThat(get("/console/tokens/" + FRANKS_TOKEN.value(), session).statusCode()).isEqualTo(200);
        assertThat(get("/console/events?tokenId=" + pasted, session).statusCode()).isEqualTo(400);

        String tokenId = jdbc.queryForObject("SELECT viewer_token_id FROM console_view WHERE action = 'sign-in'"
                + " ORDER BY id DESC LIMIT 1", String.class);
        List<String> recorded = jdbc.queryForList("SELECT action || ' ' || path || ' ' || coalesce(query, '') FROM console_view"
                + " WHERE viewer_token_id = ? ORDER BY id", String.class, tokenId);
        assertThat(recorded).containsExactly("sign-in /console/sign-in ",
                "view /console/events ownerId=" + OWNER,
                "view /console/tokens/" + FRANKS_TOKEN.value() + " ",
                "view /console/events tokenId=[secret]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_view WHERE query LIKE '%tkn_%'", Long.class)).isZero();

        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(uri("/v1/audit/console-views?viewer=auditor&limit=1000"))
                .header("Authorization", "Bearer " + INTROSPECTION.tokenWithScopes("audit:read")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("\"viewerTokenId\":\"" + tokenId + "\"").contains("ownerId=" + OWNER);
        HttpResponse<String> notAnAuditor = HTTP.send(HttpRequest.newBuilder(uri("/v1/audit/console-views"))
                .header("Authorization", "Bearer " + INTROSPECTION.tokenWithScopes("tokens:read")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notAnAuditor.statusCode()).isEqualTo(403);
    }

    @Test
    void theRecordOfViewsCannotBeChangedOrDeleted() {
        jdbc.update("INSERT INTO console_view (viewer_token_id, viewer_owner_id, action, path) VALUES (?, ?, 'view', '/console/x')",
                TokenId.random().value(), "someone");
        long before = allViews();
        for (String change : List.of("UPDATE console_view SET path = '/elsewhere'", "DELETE FROM console_view",
                "TRUNCATE console_view")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.execute(change)).as(change)
                    .isInstanceOf(org.springframework.dao.DataAccessException.class);
        }
        assertThat(allViews()).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_view WHERE path = '/elsewhere'", Long.class)).isZero();
    }

    @Test
    void thePagesShowTheLogTheApiShows() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));
        // The revocation's correlation id appears only in an entry (the page itself names TokenRevoked as a placeholder).
        await().atMost(Duration.ofSeconds(90)).until(() -> get("/console/events?ownerId=" + OWNER, session).body()
                .contains("req-revoke-" + SUFFIX));

        String events = get("/console/events?ownerId=" + OWNER + "&actorId=" + ADMIN.id(), session).body();
        assertThat(events).contains(FRANKS_TOKEN.value()).contains("TokenIssued").contains("req-revoke-" + SUFFIX)
                .contains("/console/events/export?ownerId=" + OWNER + "&amp;actorId=" + ADMIN.id() + "&amp;format=csv");
        String timeline = get("/console/tokens/" + FRANKS_TOKEN.value(), session).body();
        assertThat(timeline).contains("needed for the export").contains("req-issue-" + SUFFIX).contains("export retired")
                .contains("No use recorded");
        String during = get("/console/access?at=2024-05-02T00:00:00Z&ownerId=" + OWNER, session).body();
        assertThat(during).contains(FRANKS_TOKEN.value()).contains("TokenRevoked").contains("export retired")
                .contains(ADMIN.id());
        String after = get("/console/access?at=2024-05-04T00:00:00Z&ownerId=" + OWNER, session).body();
        assertThat(after).doesNotContain(FRANKS_TOKEN.value()).contains("<span id=\"valid-count\">0</span>");
        HttpResponse<String> csv = get("/console/events/export?ownerId=" + OWNER + "&format=csv", session);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(csv.body()).startsWith("seq,event_id,type").contains("TokenIssued").contains("TokenRevoked");
        assertThat(get("/console/events/export?ownerId=" + OWNER + "&format=ndjson", session).body().lines().count()).isEqualTo(2);
        assertThat(get("/console/chain", session).body()).contains("Intact").contains("audit-log");
        assertThat(get("/console/reports?maxTtl=P1D", session).body()).contains("<svg").contains(FRANKS_TOKEN.value());
    }

    @Test
    void theApiFiltersEventsByActorAsTheConsoleDoes() throws Exception {
        String auditor = INTROSPECTION.tokenWithScopes("audit:read");
        await().atMost(Duration.ofSeconds(90)).until(() -> api("/v1/audit/events?ownerId=" + OWNER, auditor).body()
                .contains("req-revoke-" + SUFFIX));

        assertThat(api("/v1/audit/events?ownerId=" + OWNER + "&actorId=" + ADMIN.id(), auditor).body())
                .contains("req-issue-" + SUFFIX).contains("req-revoke-" + SUFFIX);
        assertThat(api("/v1/audit/events?ownerId=" + OWNER + "&actorId=system:lifecycle", auditor).body())
                .isEqualTo("{\"entries\":[],\"nextCursor\":null}");
        HttpResponse<String> bad = api("/v1/audit/events?actorId=" + URLEncoder.encode("a b", StandardCharsets.UTF_8), auditor);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(bad.body()).contains("actorId");
    }

    @Test
    void aHeadRequestIsRecordedAsAView() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));
        long before = allViews();

        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(uri("/console/chain")).header("Cookie", session)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(allViews()).isEqualTo(before + 1);
    }

    @Test
    void badSearchInputIsA400PageOfTheConsoleNotAProblemDocument() throws Exception {
        String session = sessionOf(signIn(INTROSPECTION.tokenWithScopes("audit:read"), origin()));
        for (String path : List.of("/console/events?from=yesterday", "/console/events?ownerId=%3Cscript%3E",
                "/console/tokens/not-a-token", "/console/access?at=2024-01-01T00:00:00Z&scope=NOPE",
                "/console/events/export?format=xlsx")) {
            HttpResponse<String> page = get(path, session);
            assertThat(page.statusCode()).as(path).isEqualTo(400);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("That search cannot be run").doesNotContain("<script>");
        }
    }

    // ---- helpers ----

    private String origin() {
        return "http://127.0.0.1:" + port;
    }

    private URI uri(String path) {
        return URI.create(origin() + path);
    }

    private HttpResponse<String> signIn(String token, String origin) throws IOException, InterruptedException {
        return post("/console/sign-in", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null, origin);
    }

    private HttpResponse<String> signInWith(String token, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/console/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String path, String bearer) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String setCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("console_session="))
                .reduce((first, second) -> second).orElseThrow();
    }

    /** The {@code name=value} to send back, from a sign-in's Set-Cookie. */
    private static String sessionOf(HttpResponse<String> signIn) {
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(302);
        String cookie = setCookie(signIn);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private long allViews() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM console_view", Long.class);
        return count == null ? 0 : count;
    }
}

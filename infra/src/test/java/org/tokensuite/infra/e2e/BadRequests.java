package org.tokensuite.infra.e2e;

import org.tokensuite.infra.Service;
import org.tokensuite.infra.client.SuiteClient;
import org.tokensuite.platform.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded matrix of bad requests against every endpoint of every service. Each request carries
 * exactly one defect (its headers, its body, one field, its path id or a query parameter) on top of
 * an otherwise valid request, so whatever the answer is, it is the defect that must be refused.
 * State-changing requests aim at a real token and a real user, so that a request wrongly accepted
 * shows up as a change afterwards.
 */
final class BadRequests {

    /** What a correct answer to the request may be, besides a 4xx problem. */
    enum Expect {
        /** Only a refusal (every state-changing endpoint: the defect makes the request invalid). */
        REFUSED,
        /** A refusal, or a read answered with 200 (an odd but harmless filter may match nothing). */
        REFUSED_OR_READ,
        /** A refusal, or exactly {@code {"active":false}} (introspection of garbage). */
        REFUSED_OR_INACTIVE
    }

    /**
     * The problem type every service must answer a refusal with: one table for the whole suite
     * ({@link ProblemType}), so a 406 is {@code not-acceptable} and a 431 {@code invalid-request}
     * whichever service answers.
     */
    static String expectedType(int status) {
        return ProblemType.forStatus(status).uri().toString();
    }

    record Probe(String defect, Service service, String method, String path, Map<String, String> headers, byte[] body,
                 Expect expect) {

        String describe() {
            String shownPath = path.length() > 120 ? path.substring(0, 120) + "…(" + path.length() + " chars)" : path;
            return service.module() + " " + method + " " + shownPath + " [" + defect + "]";
        }

        boolean scim() {
            return path.startsWith("/scim/");
        }
    }

    /** The credentials and targets the requests use. */
    record Context(String admin, String narrow, String targetTokenId, String fuzzOwner, String fuzzUser,
                   String unknownWellFormedToken) {
    }

    private enum Kind { TEXT, USER_ID, SCOPES, DURATION, OVERLAP, EXPIRES_AT, NOT_BEFORE, CIDRS, ROTATION, CORRELATION }

    private record Field(String name, Kind kind) {
    }

    /** A JSON command endpoint: its valid body and the fields worth breaking. */
    private record JsonEndpoint(Service service, String method, String pathTemplate, String validBody, String contentType,
                                List<Field> fields, List<String> requiredFields, boolean bodyOptional, boolean tokenPath) {
    }

    private final Context c;
    private final Random random;
    private final List<Probe> probes = new ArrayList<>();

    private BadRequests(Context context, long seed) {
        this.c = context;
        this.random = new Random(seed);
    }

    static List<Probe> generate(Context context, long seed) {
        BadRequests requests = new BadRequests(context, seed);
        requests.commandEndpoints();
        requests.introspection();
        requests.queryReads();
        requests.auditReads();
        requests.scim();
        requests.wrongMethodsAndPaths();
        return List.copyOf(requests.probes);
    }

    // --- token-command ---

    private void commandEndpoints() {
        String reason = "{\"reason\":\"fuzz\"}";
        List<Field> reasonOnly = List.of(new Field("reason", Kind.TEXT));
        List<JsonEndpoint> endpoints = List.of(
                new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/tokens",
                        "{\"ownerId\":\"" + c.fuzzOwner() + "\",\"name\":\"fuzz\",\"scopes\":[\"billing:read\"],\"ttl\":\"P1D\"}",
                        "application/json",
                        List.of(new Field("ownerId", Kind.USER_ID), new Field("name", Kind.TEXT), new Field("scopes", Kind.SCOPES),
                                new Field("ttl", Kind.DURATION), new Field("expiresAt", Kind.EXPIRES_AT),
                                new Field("notBefore", Kind.NOT_BEFORE), new Field("allowedCidrs", Kind.CIDRS),
                                new Field("rotation", Kind.ROTATION)),
                        List.of("ownerId", "scopes", "ttl"), false, false),
                new JsonEndpoint(Service.TOKEN_COMMAND, "PUT", "/v1/tokens/{id}/scopes", "{\"scopes\":[\"billing:read\"]}",
                        "application/json", List.of(new Field("scopes", Kind.SCOPES), new Field("reason", Kind.TEXT)),
                        List.of("scopes"), false, true),
                new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/tokens/{id}/rotate", "{\"overlap\":\"PT1M\"}",
                        "application/json", List.of(new Field("overlap", Kind.OVERLAP), new Field("reason", Kind.TEXT)),
                        List.of(), true, true),
                new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/tokens/{id}/revoke", reason, "application/json",
                        reasonOnly, List.of(), true, true),
                new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/tokens/{id}/suspend", reason, "application/json",
                        reasonOnly, List.of(), true, true),
                new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/tokens/{id}/reinstate", reason, "application/json",
                        reasonOnly, List.of(), true, true));
        List<JsonEndpoint> all = new ArrayList<>(endpoints);
        for (String action : List.of("offboard", "suspend", "reinstate")) {
            all.add(new JsonEndpoint(Service.TOKEN_COMMAND, "POST", "/v1/users/{id}/" + action, reason, "application/json",
                    List.of(new Field("reason", Kind.TEXT), new Field("correlationId", Kind.CORRELATION)), List.of(), true, false));
        }
        // The catalogue: the user-id path defects are malformed system names too (a system name is a narrower id).
        all.add(new JsonEndpoint(Service.TOKEN_COMMAND, "PUT", "/v1/systems/{id}",
                "{\"description\":\"fuzz\",\"reason\":\"fuzz\",\"actions\":{\"read\":\"fuzz\"}}", "application/json",
                List.of(new Field("description", Kind.TEXT), new Field("reason", Kind.TEXT)), List.of("description", "actions"),
                false, false));
        for (JsonEndpoint endpoint : all) {
            jsonEndpoint(endpoint);
        }
    }

    private void jsonEndpoint(JsonEndpoint e) {
        String validId = e.tokenPath() ? c.targetTokenId() : c.fuzzUser();
        String path = e.pathTemplate().replace("{id}", validId);
        Function<String, String> pathWith = id -> e.pathTemplate().replace("{id}", id);
        Map<String, String> good = headers(c.admin(), e.contentType());
        byte[] body = bytes(e.validBody());

        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            add("auth: " + auth.getKey(), e.service(), e.method(), path, withAuth(good, auth.getValue()), body, Expect.REFUSED);
        }
        for (Map.Entry<String, String> type : contentTypeDefects().entrySet()) {
            add("content type: " + type.getKey(), e.service(), e.method(), path, withContentType(good, type.getValue()), body,
                    Expect.REFUSED);
        }
        if (e.pathTemplate().contains("{id}")) {
            for (Map.Entry<String, String> id : (e.tokenPath() ? tokenIdDefects() : userIdDefects()).entrySet()) {
                add("path id: " + id.getKey(), e.service(), e.method(), pathWith.apply(id.getValue()), good, body, Expect.REFUSED);
            }
        }
        for (Map.Entry<String, byte[]> junk : bodyDefects(e.validBody(), e.fields().get(0).name()).entrySet()) {
            add("body: " + junk.getKey(), e.service(), e.method(), path, good, junk.getValue(), Expect.REFUSED);
        }
        if (!e.bodyOptional()) {
            add("body: none", e.service(), e.method(), path, good, null, Expect.REFUSED);
            add("body: {}", e.service(), e.method(), path, good, bytes("{}"), Expect.REFUSED);
        }
        for (String required : e.requiredFields()) {
            add("body: missing " + required, e.service(), e.method(), path, good, bytes(without(e.validBody(), required)),
                    Expect.REFUSED);
        }
        for (Field field : e.fields()) {
            for (Map.Entry<String, String> value : wrongTypes(field.kind()).entrySet()) {
                add("field " + field.name() + ": wrong type " + value.getKey(), e.service(), e.method(), path, good,
                        bytes(withField(e, field, value.getValue())), Expect.REFUSED);
            }
            for (Map.Entry<String, String> value : invalidValues(field.kind()).entrySet()) {
                add("field " + field.name() + ": " + value.getKey(), e.service(), e.method(), path, good,
                        bytes(withField(e, field, value.getValue())), Expect.REFUSED);
            }
        }
    }

    /** The valid body with one field set to a raw JSON value (an expiry replaces ttl: one expiry only). */
    private static String withField(JsonEndpoint e, Field field, String rawJson) {
        String body = e.validBody();
        if (field.kind() == Kind.EXPIRES_AT) {
            body = without(body, "ttl");
        }
        String key = "\"" + field.name() + "\":";
        int at = body.indexOf(key);
        if (at < 0) {
            return body.substring(0, body.length() - 1) + (body.length() > 2 ? "," : "") + key + rawJson + "}";
        }
        int valueStart = at + key.length();
        int valueEnd = endOfValue(body, valueStart);
        return body.substring(0, valueStart) + rawJson + body.substring(valueEnd);
    }

    private static String without(String body, String field) {
        String key = "\"" + field + "\":";
        int at = body.indexOf(key);
        int end = endOfValue(body, at + key.length());
        String before = body.substring(0, at);
        String after = body.substring(end);
        if (after.startsWith(",")) {
            after = after.substring(1);
        } else if (before.endsWith(",")) {
            before = before.substring(0, before.length() - 1);
        }
        return before + after;
    }

    /** End of the JSON value starting at {@code start} in the simple bodies above (strings, arrays of strings). */
    private static int endOfValue(String body, int start) {
        char first = body.charAt(start);
        if (first == '"') {
            return body.indexOf('"', start + 1) + 1;
        }
        if (first == '[') {
            return body.indexOf(']', start) + 1;
        }
        int i = start;
        while (i < body.length() && body.charAt(i) != ',' && body.charAt(i) != '}') {
            i++;
        }
        return i;
    }

    /** Values of the wrong JSON type: never ones Jackson would coerce (a number into a string, say). */
    private static Map<String, String> wrongTypes(Kind kind) {
        return switch (kind) {
            case TEXT, USER_ID, CORRELATION -> Map.of("array", "[1]", "object", "{\"a\":1}");
            case SCOPES, CIDRS -> Map.of("string", "\"billing:read\"", "object", "{\"a\":1}", "nested array", "[[1]]",
                    "array of objects", "[{\"a\":1}]");
            case DURATION, OVERLAP, EXPIRES_AT, NOT_BEFORE -> Map.of("array", "[1]", "boolean", "true");
            case ROTATION -> Map.of("string", "\"PT1H\"", "array", "[1]");
        };
    }

    private Map<String, String> invalidValues(Kind kind) {
        Map<String, String> values = new LinkedHashMap<>();
        switch (kind) {
            case USER_ID -> {
                values.put("empty user id", "\"\"");
                values.put("user id with a space", "\"a b\"");
                values.put("user id starting with -", "\"-lead\"");
                values.put("unicode user id", "\"" + unicode(8) + "\"");
                values.put("129-character user id", "\"" + "u".repeat(129) + "\"");
                values.put("path traversal user id", "\"../../etc/passwd\"");
                values.put("markup user id", "\"<script>alert(1)</script>\"");
            }
            case SCOPES -> {
                values.put("empty scope", "[\"\"]");
                values.put("scope without action", "[\"billing\"]");
                values.put("scope with empty action", "[\"billing:\"]");
                values.put("scope with empty system", "[\":read\"]");
                values.put("scope with three parts", "[\"billing:read:all\"]");
                values.put("scope with a space", "[\"bill ing:read\"]");
                values.put("unknown scope", "[\"nosuchsystem:read\"]");
                values.put("unicode scope", "[\"" + unicode(5) + ":read\"]");
                values.put("null scope", "[null]");
                values.put("overlong scope", "[\"billing:" + "r".repeat(5000) + "\"]");
            }
            case DURATION, OVERLAP -> {
                values.put("negative duration", "\"-PT1H\"");
                values.put("negative days", "\"P-1D\"");
                values.put("prose duration", "\"1 day\"");
                values.put("empty duration", "\"\"");
                values.put("duration P", "\"P\"");
                values.put("duration in years", "\"P1Y\"");
                values.put("overflowing duration", "\"P9999999999999D\"");
                values.put("duration beyond the maximum", kind == Kind.DURATION ? "\"P100D\"" : "\"PT25H\"");
                if (kind == Kind.DURATION) {
                    values.put("zero ttl", "\"PT0S\"");
                }
            }
            case EXPIRES_AT -> {
                values.put("prose instant", "\"tomorrow\"");
                values.put("impossible date", "\"2030-13-45T25:61:00Z\"");
                values.put("instant in the past", "\"2020-01-01T00:00:00Z\"");
                values.put("far-future instant", "\"+999999999-12-31T23:59:59Z\"");
                values.put("instant without zone", "\"2030-01-01T00:00:00\"");
            }
            case NOT_BEFORE -> {
                values.put("prose instant", "\"later\"");
                values.put("impossible date", "\"2030-02-30T00:00:00Z\"");
                values.put("offset out of range", "\"2030-01-01T00:00:00+25:00\"");
            }
            case CIDRS -> {
                values.put("address out of range", "[\"999.1.1.1/32\"]");
                values.put("prefix out of range", "[\"10.0.0.0/99\"]");
                values.put("IPv6 prefix out of range", "[\"::1/129\"]");
                values.put("not a CIDR", "[\"not-a-network\"]");
                values.put("empty CIDR", "[\"\"]");
            }
            case ROTATION -> {
                values.put("rotation more often than allowed", "{\"every\":\"PT1S\"}");
                values.put("overlap longer than the period", "{\"every\":\"P1D\",\"overlap\":\"P2D\"}");
                values.put("rotation period not a duration", "{\"every\":\"weekly\"}");
                values.put("rotation without period", "{\"overlap\":\"PT1M\"}");
                values.put("rotation with unknown field", "{\"every\":\"P1D\",\"zzz\":1}");
            }
            case CORRELATION -> values.put("250-character correlation id", "\"" + "c".repeat(250) + "\"");
            case TEXT -> {
                // free text: no value of the right type is invalid by itself
            }
        }
        return values;
    }

    private Map<String, byte[]> bodyDefects(String validBody, String firstField) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            bodies.put("random bytes #" + i, randomBytes(8 + random.nextInt(300)));
        }
        bodies.put("random printable junk", bytes(printable(20 + random.nextInt(200))));
        for (int i = 1; i <= 2; i++) {
            int cut = 1 + random.nextInt(validBody.length() - 1);
            bodies.put("truncated JSON at " + cut, bytes(validBody.substring(0, cut)));
        }
        bodies.put("unknown field", bytes(validBody.substring(0, validBody.length() - 1) + ",\"zzz\":1}"));
        bodies.put("JSON array", bytes("[" + validBody + "]"));
        bodies.put("JSON string", bytes("\"" + validBody.replace("\"", "\\\"") + "\""));
        bodies.put("JSON number", bytes("42"));
        bodies.put("deeply nested junk", bytes("{\"" + firstField + "\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
        bodies.put("nested junk objects", bytes("{\"" + firstField + "\":{\"a\":{\"b\":{\"c\":[{\"d\":null}]}}}}"));
        bodies.put("huge string over 64 KiB", bytes("{\"" + firstField + "\":\"" + "h".repeat(70_000) + "\"}"));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        return bodies;
    }

    // --- token-query ---

    private void introspection() {
        String path = "/v1/introspect";
        Map<String, String> good = headers(c.admin(), "application/x-www-form-urlencoded");
        byte[] garbageForm = bytes("token=tkn_garbage");
        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "POST", path, withAuth(good, auth.getValue()),
                    garbageForm, Expect.REFUSED); // never the bearer itself: a token may always introspect itself
        }
        for (Map.Entry<String, String> type : contentTypeDefects().entrySet()) {
            add("content type: " + type.getKey(), Service.TOKEN_QUERY, "POST", path, withContentType(good, type.getValue()),
                    garbageForm, Expect.REFUSED_OR_INACTIVE);
        }
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("no token parameter", bytes("tokn=tkn_x"));
        forms.put("empty body", new byte[0]);
        forms.put("empty token", bytes("token="));
        forms.put("malformed token", bytes("token=tkn_notatoken"));
        forms.put("bad checksum", bytes("token=" + SuiteClient.encode(breakChecksum(c.unknownWellFormedToken()))));
        forms.put("unknown well-formed token", bytes("token=" + c.unknownWellFormedToken()));
        forms.put("token id instead of token", bytes("token=" + c.targetTokenId()));
        forms.put("overlong token", bytes("token=tkn_" + printableAlnum(10_000)));
        forms.put("huge form over 1 MiB", bytes("token=tkn_" + "a".repeat(1_100_000)));
        forms.put("unicode token", bytes("token=" + SuiteClient.encode(unicode(40))));
        forms.put("percent-junk", bytes("token=%ZZ%"));
        forms.put("token twice", bytes("token=tkn_a&token=tkn_b"));
        forms.put("JSON instead of form", bytes("{\"token\":\"tkn_x\"}"));
        forms.put("scope parameter junk", bytes("token=tkn_x&scope=" + SuiteClient.encode("\u0000::" + unicode(5))));
        for (int i = 1; i <= 3; i++) {
            forms.put("random bytes #" + i, randomBytes(8 + random.nextInt(300)));
        }
        for (Map.Entry<String, byte[]> form : forms.entrySet()) {
            add("form: " + form.getKey(), Service.TOKEN_QUERY, "POST", path, good, form.getValue(), Expect.REFUSED_OR_INACTIVE);
        }

        // nginx auth_request: the client's own Authorization is the token verified.
        String nginx = "/v1/introspect/nginx";
        for (Map.Entry<String, String> auth : authDefects(false).entrySet()) {
            add("client auth: " + auth.getKey(), Service.TOKEN_QUERY, "GET", nginx, withAuth(Map.of(), auth.getValue()), null,
                    Expect.REFUSED);
        }
        Map<String, String> nginxGood = headers(c.narrow(), null);
        for (String scope : List.of("billing:read", "::", "%00", SuiteClient.encode(unicode(6)), "a".repeat(3000))) {
            add("scope the token lacks or junk: " + abbreviate(scope), Service.TOKEN_QUERY, "GET", nginx + "?scope=" + scope,
                    nginxGood, null, Expect.REFUSED);
        }
        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            if (auth.getValue() == null) {
                continue;
            }
            Map<String, String> h = new LinkedHashMap<>(nginxGood);
            h.put("X-Introspect-Authorization", auth.getValue());
            add("service credential: " + auth.getKey(), Service.TOKEN_QUERY, "GET", nginx, h, null, Expect.REFUSED);
        }
    }

    private void queryReads() {
        String target = c.targetTokenId();
        Map<String, String> good = headers(c.admin(), null);
        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            Map<String, String> h = withAuth(good, auth.getValue());
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens/" + target, h, null, Expect.REFUSED);
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens?ownerId=" + c.fuzzUser(), h, null, Expect.REFUSED);
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens/" + target + "/scope-advice", h, null,
                    Expect.REFUSED);
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "GET", "/v1/admin/replay", h, null, Expect.REFUSED);
            // never with a valid admin token: that would start a real replay
            add("auth: " + auth.getKey(), Service.TOKEN_QUERY, "POST", "/v1/admin/replay", h, null, Expect.REFUSED);
        }
        for (Map.Entry<String, String> id : tokenIdDefects().entrySet()) {
            add("path id: " + id.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens/" + id.getValue(), good, null,
                    Expect.REFUSED_OR_READ);
            add("path id: " + id.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens/" + id.getValue() + "/scope-advice", good,
                    null, Expect.REFUSED_OR_READ);
        }
        for (String days : List.of("abc", "-1", "0", "3651", "1e3", "", "99999999999999999999", "1.5")) {
            add("days=" + days, Service.TOKEN_QUERY, "GET", "/v1/tokens/" + target + "/scope-advice?days=" + days, good, null,
                    Expect.REFUSED_OR_READ);
        }
        Map<String, String> listParams = new LinkedHashMap<>();
        listParams.put("unknown state", "state=bogus");
        listParams.put("negative page", "page=-1");
        listParams.put("page not a number", "page=abc");
        listParams.put("size 0", "size=0");
        listParams.put("size above 500", "size=501");
        listParams.put("size overflowing", "size=99999999999999999999");
        listParams.put("page overflowing", "page=2147483647&size=500");
        listParams.put("scope junk", "scope=" + SuiteClient.encode("::" + unicode(4)));
        listParams.put("scope SQL", "scope=" + SuiteClient.encode("billing:read' OR '1'='1"));
        listParams.put("owner SQL", "ownerId=" + SuiteClient.encode("x' OR '1'='1"));
        listParams.put("unicode owner", "ownerId=" + SuiteClient.encode(unicode(12)));
        listParams.put("overlong owner", "ownerId=" + "o".repeat(4000));
        listParams.put("repeated state", "state=active&state=revoked");
        for (Map.Entry<String, String> param : listParams.entrySet()) {
            add("query: " + param.getKey(), Service.TOKEN_QUERY, "GET", "/v1/tokens?" + param.getValue(), good, null,
                    Expect.REFUSED_OR_READ);
        }
    }

    // --- audit-projector ---

    private void auditReads() {
        Map<String, String> good = headers(c.admin(), null);
        List<String> endpoints = List.of("/v1/audit/events", "/v1/audit/verify", "/v1/audit/access?at=2030-01-01T00:00:00Z",
                "/v1/audit/reports/excessive-lifetime", "/v1/audit/reports/offboarding-lag", "/v1/audit/reports/stale-tokens");
        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            for (String endpoint : endpoints) {
                add("auth: " + auth.getKey(), Service.AUDIT_PROJECTOR, "GET", endpoint, withAuth(good, auth.getValue()), null,
                        Expect.REFUSED);
            }
        }
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("events: from not an instant", "/v1/audit/events?from=yesterday");
        queries.put("events: to impossible date", "/v1/audit/events?to=2030-13-45T00:00:00Z");
        queries.put("events: from after to", "/v1/audit/events?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z");
        queries.put("events: cursor junk", "/v1/audit/events?cursor=abc");
        queries.put("events: negative cursor", "/v1/audit/events?cursor=-1");
        queries.put("events: overflowing cursor", "/v1/audit/events?cursor=99999999999999999999999");
        queries.put("events: limit 0", "/v1/audit/events?limit=0");
        queries.put("events: limit 1001", "/v1/audit/events?limit=1001");
        queries.put("events: limit junk", "/v1/audit/events?limit=ten");
        queries.put("events: tokenId traversal", "/v1/audit/events?tokenId=" + SuiteClient.encode("../../etc/passwd"));
        queries.put("events: overlong tokenId", "/v1/audit/events?tokenId=" + "t".repeat(4000));
        queries.put("events: unicode owner", "/v1/audit/events?ownerId=" + SuiteClient.encode(unicode(10)));
        queries.put("events: SQL in type", "/v1/audit/events?type=" + SuiteClient.encode("x'; DROP TABLE audit_entry; --"));
        queries.put("access: no instant", "/v1/audit/access");
        queries.put("access: instant junk", "/v1/audit/access?at=now");
        queries.put("access: far-future instant", "/v1/audit/access?at=%2B999999999-12-31T23:59:59Z");
        queries.put("access: scope junk", "/v1/audit/access?at=2030-01-01T00:00:00Z&scope=" + SuiteClient.encode(":" + unicode(3)));
        queries.put("access: overlong owner", "/v1/audit/access?at=2030-01-01T00:00:00Z&ownerId=" + "o".repeat(4000));
        queries.put("excessive-lifetime: maxTtl junk", "/v1/audit/reports/excessive-lifetime?maxTtl=forever");
        queries.put("excessive-lifetime: negative maxTtl", "/v1/audit/reports/excessive-lifetime?maxTtl=P-1D");
        queries.put("offboarding-lag: grace junk", "/v1/audit/reports/offboarding-lag?grace=soon");
        queries.put("offboarding-lag: negative grace", "/v1/audit/reports/offboarding-lag?grace=-PT5S");
        queries.put("stale-tokens: days junk", "/v1/audit/reports/stale-tokens?days=many");
        queries.put("stale-tokens: negative days", "/v1/audit/reports/stale-tokens?days=-1");
        queries.put("stale-tokens: overflowing days", "/v1/audit/reports/stale-tokens?days=99999999999999");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            add("query: " + query.getKey(), Service.AUDIT_PROJECTOR, "GET", query.getValue(), good, null, Expect.REFUSED_OR_READ);
        }
        Map<String, String> csv = new LinkedHashMap<>(good);
        csv.put("Accept", "text/csv");
        add("query: events as CSV with a junk limit", Service.AUDIT_PROJECTOR, "GET", "/v1/audit/events?limit=-5", csv, null,
                Expect.REFUSED_OR_READ);
    }

    // --- lifecycle-listener (SCIM) ---

    private void scim() {
        String path = "/scim/v2/Users/" + c.fuzzUser();
        String valid = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
        Map<String, String> good = headers(c.admin(), "application/scim+json");
        byte[] body = bytes(valid);
        for (Map.Entry<String, String> auth : authDefects(true).entrySet()) {
            add("auth: " + auth.getKey(), Service.LIFECYCLE_LISTENER, "PATCH", path, withAuth(good, auth.getValue()), body,
                    Expect.REFUSED);
            add("auth: " + auth.getKey(), Service.LIFECYCLE_LISTENER, "DELETE", path,
                    withAuth(headers(c.admin(), null), auth.getValue()), null, Expect.REFUSED);
        }
        for (Map.Entry<String, String> type : contentTypeDefects().entrySet()) {
            if (type.getValue() != null && type.getValue().startsWith("application/x-www-form")) {
                continue;
            }
            add("content type: " + type.getKey(), Service.LIFECYCLE_LISTENER, "PATCH", path,
                    withContentType(good, type.getValue()), body, Expect.REFUSED);
        }
        for (Map.Entry<String, String> id : userIdDefects().entrySet()) {
            add("path id: " + id.getKey(), Service.LIFECYCLE_LISTENER, "PATCH", "/scim/v2/Users/" + id.getValue(), good, body,
                    Expect.REFUSED);
            add("path id: " + id.getKey(), Service.LIFECYCLE_LISTENER, "DELETE", "/scim/v2/Users/" + id.getValue(),
                    headers(c.admin(), null), null, Expect.REFUSED);
        }
        Map<String, byte[]> bodies = new LinkedHashMap<>(bodyDefects(valid, "Operations"));
        bodies.remove("unknown field"); // SCIM ignores unknown attributes by design (RFC 7643)
        bodies.put("reactivation", bytes(valid.replace("false", "true")));
        bodies.put("other attribute", bytes(valid.replace("\"active\"", "\"userName\"")));
        bodies.put("remove op", bytes(valid.replace("replace", "remove")));
        bodies.put("unknown op", bytes(valid.replace("replace", "explode")));
        bodies.put("value maybe", bytes(valid.replace("false", "\"maybe\"")));
        bodies.put("no schemas", bytes(valid.replace("\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],", "")));
        bodies.put("wrong schema", bytes(valid.replace("PatchOp", "User")));
        bodies.put("Operations not an array", bytes(valid.replace("[{", "{").replace("}]", "}")));
        bodies.put("no Operations", bytes("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[]}"));
        bodies.put("empty body", new byte[0]);
        for (Map.Entry<String, byte[]> junk : bodies.entrySet()) {
            add("body: " + junk.getKey(), Service.LIFECYCLE_LISTENER, "PATCH", path, good, junk.getValue(), Expect.REFUSED);
        }
    }

    private void wrongMethodsAndPaths() {
        Map<String, String> admin = headers(c.admin(), null);
        add("wrong method", Service.TOKEN_COMMAND, "DELETE", "/v1/tokens", admin, null, Expect.REFUSED);
        add("wrong method", Service.TOKEN_COMMAND, "GET", "/v1/tokens/" + c.targetTokenId() + "/revoke", admin, null, Expect.REFUSED);
        add("wrong method", Service.TOKEN_QUERY, "PUT", "/v1/introspect", admin, bytes("token=x"), Expect.REFUSED);
        add("wrong method", Service.TOKEN_QUERY, "DELETE", "/v1/tokens/" + c.targetTokenId(), admin, null, Expect.REFUSED);
        add("wrong method", Service.AUDIT_PROJECTOR, "POST", "/v1/audit/verify", admin, null, Expect.REFUSED);
        add("wrong method", Service.AUDIT_PROJECTOR, "DELETE", "/v1/audit/events", admin, null, Expect.REFUSED);
        add("wrong method", Service.LIFECYCLE_LISTENER, "PUT", "/scim/v2/Users/" + c.fuzzUser(), admin, bytes("{}"), Expect.REFUSED);
        for (Service service : List.of(Service.TOKEN_COMMAND, Service.TOKEN_QUERY, Service.AUDIT_PROJECTOR, Service.LIFECYCLE_LISTENER)) {
            add("unknown path", service, "GET", "/v1/no-such-thing", admin, null, Expect.REFUSED);
            add("unknown path, encoded traversal", service, "GET", "/v1/%2e%2e/%2e%2e/etc/passwd", admin, null, Expect.REFUSED);
        }
    }

    // --- the defects ---

    /** Authorization header values that must not let a request through (null: no header). */
    private Map<String, String> authDefects(boolean includeNarrow) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("no Authorization", null);
        values.put("Basic scheme", "Basic " + Base64.getEncoder().encodeToString(bytes("admin:admin")));
        values.put("Bearer without token", "Bearer");
        values.put("Bearer and blanks", "Bearer    ");
        values.put("valid token under another scheme", "Token " + c.admin());
        values.put("malformed token", "Bearer tkn_notatoken");
        values.put("admin token with a broken checksum", "Bearer " + breakChecksum(c.admin()));
        values.put("unknown well-formed token", "Bearer " + c.unknownWellFormedToken());
        values.put("token id instead of token", "Bearer " + c.targetTokenId());
        values.put("injection junk", "Bearer ${jndi:ldap://127.0.0.1/a}");
        values.put("overlong token (4 KB)", "Bearer tkn_" + printableAlnum(4000));
        values.put("overlong token (20 KB, beyond header limits)", "Bearer tkn_" + printableAlnum(20_000));
        if (includeNarrow) {
            values.put("token without the scope", "Bearer " + c.narrow());
        }
        return values;
    }

    /** Content-Type values a JSON (or form) endpoint must refuse (null: no header). */
    private static Map<String, String> contentTypeDefects() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("none", null);
        values.put("text/plain", "text/plain");
        values.put("application/xml", "application/xml");
        values.put("application/octet-stream", "application/octet-stream");
        values.put("multipart", "multipart/form-data; boundary=zz");
        values.put("not a media type", "not a media type");
        values.put("form instead of JSON", "application/x-www-form-urlencoded");
        return values;
    }

    private Map<String, String> tokenIdDefects() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("unknown token id", "tok_" + hex(16));
        ids.put("non-hex token id", "tok_" + "g".repeat(32));
        ids.put("short token id", "tok_" + hex(15) + "a");
        ids.put("upper-case token id", "TOK_" + hex(16).toUpperCase());
        ids.put("encoded traversal", "..%2F..%2Factuator%2Fenv");
        ids.put("encoded dots", "%2e%2e");
        ids.put("NUL in id", "tok_%00" + hex(15));
        ids.put("unicode id", SuiteClient.encode(unicode(10)));
        ids.put("overlong id", "i".repeat(3000));
        ids.put("newline in id", "tok_" + hex(16) + "%0Aextra");
        ids.put("markup id", SuiteClient.encode("<script>x</script>"));
        return ids;
    }

    private Map<String, String> userIdDefects() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("user id starting with -", "-lead");
        ids.put("user id with a space", "a%20b");
        ids.put("unicode user id", SuiteClient.encode(unicode(6)));
        ids.put("129-character user id", "u".repeat(129));
        ids.put("encoded traversal", "..%2F..%2Factuator");
        ids.put("encoded slash", "a%2Fb");
        ids.put("NUL in user id", "a%00b");
        ids.put("markup user id", SuiteClient.encode("<b>x</b>"));
        return ids;
    }

    // --- small pieces ---

    private void add(String defect, Service service, String method, String path, Map<String, String> headers, byte[] body,
                     Expect expect) {
        probes.add(new Probe(defect, service, method, path, Map.copyOf(headers), body, expect));
    }

    private static Map<String, String> headers(String bearer, String contentType) {
        Map<String, String> headers = SuiteClient.bearer(bearer);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    private static Map<String, String> withAuth(Map<String, String> headers, String authorization) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove("Authorization");
        if (authorization != null) {
            copy.put("Authorization", authorization);
        }
        return copy;
    }

    private static Map<String, String> withContentType(Map<String, String> headers, String contentType) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.remove("Content-Type");
        if (contentType != null) {
            copy.put("Content-Type", contentType);
        }
        return copy;
    }

    /** The token with its last (checksum) character changed: well-formed length and prefix, wrong checksum. */
    static String breakChecksum(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = (byte) (0x80 | random.nextInt(0x80)); // never a body of blanks only, which reads as "no body"
        return bytes;
    }

    private String printable(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return s.toString();
    }

    private String printableAlnum(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Letters from scripts outside ASCII, an emoji and a right-to-left mark among them. */
    private String unicode(int length) {
        int[] pool = {0x00FC, 0x00DF, 0x0416, 0x05D0, 0x4E2D, 0x1F600, 0x200F, 0x0301, 0xFEFF, 0x2603};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(pool[random.nextInt(pool.length)]);
        }
        return s.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

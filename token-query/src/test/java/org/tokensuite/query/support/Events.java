package org.tokensuite.query.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.tokensuite.api.secret.TokenSecrets;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.query.event.TokenChange;
import org.tokensuite.query.event.TokenChangeReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Events shaped exactly as token-command's Jackson serializer writes the token-api records
 * (same field names, ISO-8601 instants, scopes/hashes/ids/CIDRs as strings). Built as maps so a
 * test can also publish what a typed record could not hold (say, a scope token-api would refuse).
 */
public final class Events {

    private static final TokenSecrets SECRETS = new TokenSecrets();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenChangeReader READER = new TokenChangeReader();

    /** One event: the token-api class name (the {@code axon-message-type} header) and its JSON fields. */
    public record TestEvent(String className, Map<String, Object> payload) {

        public String ownerId() {
            return (String) payload.getOrDefault("ownerId", payload.getOrDefault("userId", payload.get("accountId")));
        }

        public String aggregateId() {
            if (payload.containsKey("accountId")) {
                return "service-account:" + payload.get("accountId");
            }
            Object id = payload.getOrDefault("tokenId", payload.get("userId"));
            return (String) (id != null ? id : payload.get("system"));
        }

        public byte[] json() {
            try {
                return JSON.writeValueAsBytes(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** As token-query reads it. */
        public TokenChange change() {
            try {
                return READER.read(className, json());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Events() {
    }

    public static String newOwner() {
        return "user-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String newTokenId() {
        return TokenId.random().value();
    }

    public static String newSecret() {
        return SECRETS.generate();
    }

    public static TestEvent issued(String id, String owner, String secret, String... scopes) {
        return issued(id, owner, secret, null, Instant.now().plus(Duration.ofDays(1)), List.of(), scopes);
    }

    public static TestEvent issued(String id, String owner, String secret, Instant notBefore, Instant expiresAt,
                                   List<String> cidrs, String... scopes) {
        Map<String, Object> p = token(id, owner);
        p.put("name", "test token");
        p.put("scopes", Arrays.asList(scopes));
        p.put("secretHash", TokenSecrets.hash(secret).value());
        p.put("hint", TokenSecrets.hint(secret));
        p.put("notBefore", iso(notBefore));
        p.put("expiresAt", iso(expiresAt));
        p.put("allowedCidrs", cidrs);
        p.put("rotation", null);
        return event("TokenIssued", p);
    }

    /** The same event, dated {@code occurredAt} (e.g. a token issued long ago). */
    public static TestEvent at(TestEvent event, Instant occurredAt) {
        event.payload().put("occurredAt", iso(occurredAt));
        return event;
    }

    public static TestEvent scopesChanged(String id, String owner, String reason, String... scopes) {
        Map<String, Object> p = token(id, owner);
        p.put("scopes", Arrays.asList(scopes));
        p.put("previousScopes", List.of());
        p.put("cause", Map.of("reason", reason));
        return event("TokenScopesChanged", p);
    }

    public static TestEvent rotated(String id, String owner, String oldSecret, String newSecret,
                                    Instant previousValidUntil) {
        Map<String, Object> p = token(id, owner);
        p.put("secretHash", TokenSecrets.hash(newSecret).value());
        p.put("hint", TokenSecrets.hint(newSecret));
        p.put("previousSecretHash", TokenSecrets.hash(oldSecret).value());
        p.put("previousValidUntil", iso(previousValidUntil));
        p.put("nextRotationDue", null);
        return event("TokenRotated", p);
    }

    public static TestEvent rotationDue(String id, String owner, Instant expiresUnlessRotatedBy) {
        Map<String, Object> p = token(id, owner);
        p.put("dueAt", iso(Instant.now()));
        p.put("expiresUnlessRotatedBy", iso(expiresUnlessRotatedBy));
        return event("TokenRotationDue", p);
    }

    public static TestEvent revoked(String id, String owner) {
        return event("TokenRevoked", token(id, owner));
    }

    public static TestEvent expired(String id, String owner) {
        return event("TokenExpired", token(id, owner));
    }

    public static TestEvent suspended(String id, String owner) {
        return event("TokenSuspended", token(id, owner));
    }

    public static TestEvent reinstated(String id, String owner) {
        return event("TokenReinstated", token(id, owner));
    }

    /** A warning the view does not show; it still counts in the token's version. */
    public static TestEvent expiryApproaching(String id, String owner) {
        Map<String, Object> p = token(id, owner);
        p.put("kind", "expiry");
        p.put("deadline", iso(Instant.now().plus(Duration.ofDays(1))));
        return event("TokenExpiryApproaching", p);
    }

    public static TestEvent offboarded(String owner) {
        return event("UserOffboarded", user(owner));
    }

    public static TestEvent leaveStarted(String owner) {
        return event("UserLeaveStarted", user(owner));
    }

    public static TestEvent leaveEnded(String owner) {
        return event("UserLeaveEnded", user(owner));
    }

    /** A catalogue system's registration: {@code actions} is action, description, action, description, … */
    public static TestEvent systemRegistered(String system, String description, String... actions) {
        Map<String, Object> p = system(system, description, actions);
        return event("SystemRegistered", p);
    }

    /** A catalogue system's new definition, with every action it has retired. */
    public static TestEvent systemChanged(String system, String description, List<String> retired, String... actions) {
        Map<String, Object> p = system(system, description, actions);
        p.put("retiredActions", retired);
        return event("SystemChanged", p);
    }

    private static Map<String, Object> system(String system, String description, String... actions) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("system", system);
        p.put("description", description);
        Map<String, String> definitions = new LinkedHashMap<>();
        for (int i = 0; i < actions.length; i += 2) {
            definitions.put(actions[i], actions[i + 1]);
        }
        p.put("actions", definitions);
        p.put("actor", Map.of("id", "tok_fedcba9876543210fedcba9876543210", "ownerId", "ops-admin"));
        p.put("cause", Map.of("reason", "catalogue test", "correlationId", "req-catalogue"));
        p.put("occurredAt", iso(Instant.now()));
        return p;
    }

    private static Map<String, Object> token(String id, String owner) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tokenId", id);
        p.put("ownerId", owner);
        common(p);
        return p;
    }

    public static TestEvent serviceAccountRegistered(String account, String sponsor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("accountId", account);
        p.put("description", "syncs billing");
        p.put("sponsor", sponsor);
        p.put("team", "payments");
        common(p);
        return event("ServiceAccountRegistered", p);
    }

    public static TestEvent serviceAccountOrphaned(String account, String lostSponsor, Instant graceEndsAt) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("accountId", account);
        p.put("lostSponsor", lostSponsor);
        p.put("graceEndsAt", iso(graceEndsAt));
        common(p);
        return event("ServiceAccountOrphaned", p);
    }

    public static TestEvent serviceAccountAdopted(String account, String sponsor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("accountId", account);
        p.put("sponsor", sponsor);
        p.put("tokensWereSuspended", false);
        common(p);
        return event("ServiceAccountAdopted", p);
    }

    public static TestEvent serviceAccountChanged(String account, String sponsor, String previousSponsor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("accountId", account);
        p.put("description", "syncs billing");
        p.put("sponsor", sponsor);
        p.put("team", "payments");
        p.put("previousSponsor", previousSponsor);
        common(p);
        return event("ServiceAccountChanged", p);
    }

    private static Map<String, Object> user(String owner) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("userId", owner);
        common(p);
        return p;
    }

    private static void common(Map<String, Object> p) {
        p.put("actor", Map.of("id", "system:test", "ownerId", "system"));
        p.put("cause", Map.of("reason", "test"));
        p.put("occurredAt", iso(Instant.now()));
    }

    private static TestEvent event(String simpleName, Map<String, Object> payload) {
        return new TestEvent("org.tokensuite.api.event." + simpleName, payload);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

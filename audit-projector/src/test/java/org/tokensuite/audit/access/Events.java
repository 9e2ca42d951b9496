package org.tokensuite.audit.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Instant;

/** Recorded events (as the audit log holds them: type + JSON) for scripted histories in tests. */
public final class Events {

    private Events() {
    }

    private static ObjectNode base(String ownerField, String owner, Instant at) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(ownerField, owner);
        node.putObject("actor").put("id", "tok_" + "a".repeat(32)).put("ownerId", "admin");
        node.putObject("cause").put("reason", "test").put("correlationId", "req-1");
        node.put("occurredAt", at.toString());
        return node;
    }

    private static ObjectNode token(String tokenId, String owner, Instant at) {
        return base("ownerId", owner, at).put("tokenId", tokenId);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public static RecordedEvent issued(String tokenId, String owner, Instant at, Instant notBefore, Instant expiresAt,
                                       String hint, String... scopes) {
        ObjectNode node = token(tokenId, owner, at).put("name", "name-" + hint).put("hint", hint)
                .put("secretHash", "1".repeat(64)).put("notBefore", text(notBefore)).put("expiresAt", text(expiresAt));
        node.putArray("scopes").addAll(java.util.Arrays.stream(scopes).map(JsonNodeFactory.instance::textNode).toList());
        return new RecordedEvent("TokenIssued", node);
    }

    public static RecordedEvent rescoped(String tokenId, String owner, Instant at, String... scopes) {
        ObjectNode node = token(tokenId, owner, at);
        node.putArray("scopes").addAll(java.util.Arrays.stream(scopes).map(JsonNodeFactory.instance::textNode).toList());
        return new RecordedEvent("TokenScopesChanged", node);
    }

    public static RecordedEvent rotated(String tokenId, String owner, Instant at, String hint, Instant previousValidUntil) {
        return new RecordedEvent("TokenRotated", token(tokenId, owner, at).put("hint", hint)
                .put("previousValidUntil", text(previousValidUntil)));
    }

    public static RecordedEvent suspended(String tokenId, String owner, Instant at) {
        return new RecordedEvent("TokenSuspended", token(tokenId, owner, at));
    }

    public static RecordedEvent reinstated(String tokenId, String owner, Instant at) {
        return new RecordedEvent("TokenReinstated", token(tokenId, owner, at));
    }

    public static RecordedEvent revoked(String tokenId, String owner, Instant at) {
        return new RecordedEvent("TokenRevoked", token(tokenId, owner, at));
    }

    public static RecordedEvent expired(String tokenId, String owner, Instant at) {
        return new RecordedEvent("TokenExpired", token(tokenId, owner, at));
    }

    public static RecordedEvent offboarded(String owner, Instant at) {
        return new RecordedEvent("UserOffboarded", base("userId", owner, at));
    }

    public static RecordedEvent leaveStarted(String owner, Instant at) {
        return new RecordedEvent("UserLeaveStarted", base("userId", owner, at));
    }

    public static RecordedEvent leaveEnded(String owner, Instant at) {
        return new RecordedEvent("UserLeaveEnded", base("userId", owner, at));
    }
}

package org.tokensuite.audit.access;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which tokens verified at one instant, rebuilt from the recorded events in log order. Events
 * after the instant are ignored. A token verified at {@code at} when it was issued, inside
 * {@code [notBefore, expiresAt)}, not revoked, expired or suspended, and its owner was neither
 * offboarded nor on leave. A rotation does not end validity; it changes which secrets verify.
 */
public final class AccessReconstruction {

    private final Instant at;
    private final Map<String, TokenTimeline> tokens = new LinkedHashMap<>();
    private final Set<String> offboarded = new HashSet<>();
    private final Set<String> onLeave = new HashSet<>();

    public AccessReconstruction(Instant at) {
        this.at = at;
    }

    public void apply(RecordedEvent event) {
        Instant occurredAt = event.occurredAt();
        if (occurredAt != null && occurredAt.isAfter(at)) {
            return;
        }
        String tokenId = event.text("tokenId");
        switch (event.type()) {
            case "TokenIssued" -> {
                // The log records whatever was published; an issue without a token id describes no token.
                if (tokenId != null) {
                    tokens.put(tokenId, new TokenTimeline(event));
                }
            }
            case "TokenScopesChanged" -> with(tokenId, t -> t.scopes = sorted(event.strings("scopes")));
            case "TokenRotated" -> with(tokenId, t -> {
                t.previousHint = t.currentHint;
                t.previousValidUntil = event.instant("previousValidUntil");
                t.currentHint = event.text("hint");
                t.lastRotatedAt = occurredAt;
            });
            case "TokenSuspended" -> with(tokenId, t -> t.suspended = true);
            case "TokenReinstated" -> with(tokenId, t -> t.suspended = false);
            case "TokenRevoked", "TokenExpired" -> with(tokenId, t -> t.ended = true);
            case "UserOffboarded" -> offboarded.add(event.owner());
            case "UserLeaveStarted" -> onLeave.add(event.owner());
            case "UserLeaveEnded" -> onLeave.remove(event.owner());
            default -> {
                // Rotation due, security signals and other announcements change nothing about what verifies.
            }
        }
    }

    /** Tokens that verified at the instant, optionally only those covering {@code scope} and of {@code ownerId}. */
    public List<ValidToken> validTokens(Scope scope, String ownerId) {
        List<ValidToken> valid = new ArrayList<>();
        for (TokenTimeline t : tokens.values()) {
            if ((ownerId != null && !ownerId.equals(t.ownerId)) || !verifiesAt(t)
                    || (scope != null && !Scopes.holds(heldScopes(t), scope))) {
                continue;
            }
            List<String> hints = new ArrayList<>();
            hints.add(t.currentHint);
            if (t.previousHint != null && t.previousValidUntil != null && at.isBefore(t.previousValidUntil)) {
                hints.add(t.previousHint);
            }
            valid.add(new ValidToken(t.tokenId, t.ownerId, t.name, t.scopes, t.validFrom, t.expiresAt,
                    List.copyOf(hints), t.issuedAt, t.lastRotatedAt));
        }
        valid.sort(Comparator.comparing(ValidToken::tokenId));
        return valid;
    }

    private boolean verifiesAt(TokenTimeline t) {
        return !t.ended
                && !t.suspended
                && !offboarded.contains(t.ownerId)
                && !onLeave.contains(t.ownerId)
                && t.validFrom != null && !at.isBefore(t.validFrom)
                && (t.expiresAt == null || at.isBefore(t.expiresAt));
    }

    /**
     * The recorded scopes as token-api scopes. Recorded history is shown verbatim, but a value
     * that is not a scope by today's rule grants nothing.
     */
    private static List<Scope> heldScopes(TokenTimeline t) {
        return t.scopes.stream().filter(Scope::isValid).map(Scope::of).toList();
    }

    private void with(String tokenId, Consumer<TokenTimeline> change) {
        TokenTimeline timeline = tokenId == null ? null : tokens.get(tokenId);
        if (timeline != null) {
            change.accept(timeline);
        }
    }

    private static List<String> sorted(List<String> scopes) {
        return scopes.stream().sorted().toList();
    }

    /** One token's state as the events so far describe it. */
    private static final class TokenTimeline {
        final String tokenId;
        final String ownerId;
        final String name;
        final Instant validFrom;
        final Instant expiresAt;
        final Instant issuedAt;
        List<String> scopes;
        String currentHint;
        String previousHint;
        Instant previousValidUntil;
        Instant lastRotatedAt;
        boolean suspended;
        boolean ended;

        TokenTimeline(RecordedEvent issued) {
            tokenId = issued.text("tokenId");
            ownerId = issued.owner();
            name = issued.text("name");
            issuedAt = issued.occurredAt();
            Instant notBefore = issued.instant("notBefore");
            validFrom = notBefore != null ? notBefore : issuedAt;
            expiresAt = issued.instant("expiresAt");
            scopes = sorted(issued.strings("scopes"));
            currentHint = issued.text("hint");
        }
    }
}

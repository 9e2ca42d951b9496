package org.tokensuite.audit.access;

import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<String, Boolean> onLeave = new HashMap<>();

    public AccessReconstruction(Instant at) {
        this.at = at;
    }

    public void apply(TokenEvent event) {
        if (event.occurredAt() != null && event.occurredAt().isAfter(at)) {
            return;
        }
        if (event instanceof TokenIssued e) {
            tokens.put(e.tokenId().value(), new TokenTimeline(e));
        } else if (event instanceof TokenScopesChanged e) {
            with(e.tokenId().value(), t -> t.scopes = Scopes.values(e.scopes()));
        } else if (event instanceof TokenRotated e) {
            with(e.tokenId().value(), t -> {
                t.previousHint = t.currentHint;
                t.previousValidUntil = e.previousValidUntil();
                t.currentHint = e.hint();
                t.lastRotatedAt = e.occurredAt();
            });
        } else if (event instanceof TokenSuspended e) {
            with(e.tokenId().value(), t -> t.suspended = true);
        } else if (event instanceof TokenReinstated e) {
            with(e.tokenId().value(), t -> t.suspended = false);
        } else if (event instanceof TokenRevoked e) {
            with(e.tokenId().value(), t -> t.ended = true);
        } else if (event instanceof TokenExpired e) {
            with(e.tokenId().value(), t -> t.ended = true);
        } else if (event instanceof UserOffboarded e) {
            offboarded.add(e.userId().value());
        } else if (event instanceof UserLeaveStarted e) {
            onLeave.put(e.userId().value(), true);
        } else if (event instanceof UserLeaveEnded e) {
            onLeave.remove(e.userId().value());
        }
        // Rotation due and other announcements change nothing about what verifies.
    }

    /** Tokens that verified at the instant, optionally only those covering {@code scope} and of {@code ownerId}. */
    public List<ValidToken> validTokens(Scope scope, String ownerId) {
        List<ValidToken> valid = new ArrayList<>();
        for (TokenTimeline t : tokens.values()) {
            if (ownerId != null && !ownerId.equals(t.ownerId)) {
                continue;
            }
            if (!verifiesAt(t)) {
                continue;
            }
            if (scope != null && !Scopes.holds(Scopes.parse(t.scopes), scope)) {
                continue;
            }
            List<String> hints = new ArrayList<>();
            hints.add(t.currentHint);
            if (t.previousHint != null && t.previousValidUntil != null && at.isBefore(t.previousValidUntil)) {
                hints.add(t.previousHint);
            }
            valid.add(new ValidToken(t.tokenId, t.ownerId, t.name, List.copyOf(t.scopes), t.validFrom, t.expiresAt,
                    List.copyOf(hints), t.issuedAt, t.lastRotatedAt));
        }
        valid.sort(Comparator.comparing(ValidToken::tokenId));
        return valid;
    }

    private boolean verifiesAt(TokenTimeline t) {
        return !t.ended
                && !t.suspended
                && !offboarded.contains(t.ownerId)
                && !onLeave.containsKey(t.ownerId)
                && !at.isBefore(t.validFrom)
                && (t.expiresAt == null || at.isBefore(t.expiresAt));
    }

    private void with(String tokenId, java.util.function.Consumer<TokenTimeline> change) {
        TokenTimeline timeline = tokens.get(tokenId);
        if (timeline != null) {
            change.accept(timeline);
        }
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

        TokenTimeline(TokenIssued issued) {
            tokenId = issued.tokenId().value();
            ownerId = issued.ownerId().value();
            name = issued.name();
            issuedAt = issued.occurredAt();
            validFrom = issued.notBefore() != null ? issued.notBefore() : issued.occurredAt();
            expiresAt = issued.expiresAt();
            scopes = issued.scopes() == null ? List.of() : Scopes.values(issued.scopes());
            currentHint = issued.hint();
        }
    }
}

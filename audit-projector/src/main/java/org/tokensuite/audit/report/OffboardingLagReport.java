package org.tokensuite.audit.report;

import io.swagger.v3.oas.annotations.media.Schema;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For each offboarded user, every token of theirs that had not ended when they were offboarded
 * (or was issued afterwards), and how long after the offboarding it ended: by revocation, by an
 * expiry event, or by reaching expiresAt. A token still alive now is reported with the lag so
 * far. Suspended tokens count like active ones: suspension is reversible, revocation is not.
 * Ending within the grace period counts as in time; the largest lag is reported either way.
 */
public final class OffboardingLagReport {

    private final Duration grace;
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Instant> offboardedAt = new LinkedHashMap<>();
    private final Map<String, List<Token>> concerned = new HashMap<>();

    public OffboardingLagReport(Duration grace) {
        this.grace = grace;
    }

    public void apply(RecordedEvent event) {
        switch (event.type()) {
            case "TokenIssued" -> {
                Token token = new Token(event.text("tokenId"), event.owner(), event.instant("expiresAt"));
                tokens.put(token.tokenId, token);
                if (offboardedAt.containsKey(token.ownerId)) {
                    concerned.get(token.ownerId).add(token);
                }
            }
            case "TokenRevoked" -> end(event.text("tokenId"), event.occurredAt(), "revoked");
            case "TokenExpired" -> end(event.text("tokenId"), event.occurredAt(), "expired");
            case "UserOffboarded" -> offboard(event.owner(), event.occurredAt());
            default -> {
                // Other events do not end a token.
            }
        }
    }

    private void offboard(String owner, Instant at) {
        if (owner == null || at == null || offboardedAt.putIfAbsent(owner, at) != null) {
            return;
        }
        List<Token> alive = new ArrayList<>();
        for (Token token : tokens.values()) {
            if (owner.equals(token.ownerId) && token.endedAt == null
                    && (token.expiresAt == null || token.expiresAt.isAfter(at))) {
                alive.add(token);
            }
        }
        concerned.put(owner, alive);
    }

    private void end(String tokenId, Instant at, String how) {
        Token token = tokens.get(tokenId);
        if (token != null && token.endedAt == null) {
            token.endedAt = at;
            token.endedBy = how;
        }
    }

    public Result result(Instant now) {
        List<Offboarding> offboardings = new ArrayList<>();
        Duration maxLag = Duration.ZERO;
        int late = 0;
        for (Map.Entry<String, Instant> user : offboardedAt.entrySet()) {
            Instant offboarded = user.getValue();
            List<TokenLag> lags = new ArrayList<>();
            for (Token token : concerned.get(user.getKey())) {
                Instant end = token.endedAt;
                String endedBy = token.endedBy;
                if (token.expiresAt != null && (end == null || token.expiresAt.isBefore(end))
                        && !token.expiresAt.isAfter(now)) {
                    end = token.expiresAt;
                    endedBy = "expiresAt";
                }
                boolean stillActive = end == null;
                Duration lag = Duration.between(offboarded, stillActive ? now : end);
                if (lag.isNegative()) {
                    lag = Duration.ZERO;
                }
                boolean inTime = !stillActive && lag.compareTo(grace) <= 0;
                if (!inTime) {
                    late++;
                }
                if (lag.compareTo(maxLag) > 0) {
                    maxLag = lag;
                }
                lags.add(new TokenLag(token.tokenId, end, endedBy, lag, stillActive, inTime));
            }
            lags.sort(Comparator.comparing(TokenLag::tokenId));
            offboardings.add(new Offboarding(user.getKey(), offboarded, List.copyOf(lags)));
        }
        return new Result(late == 0, grace, maxLag, late, List.copyOf(offboardings));
    }

    private static final class Token {
        final String tokenId;
        final String ownerId;
        final Instant expiresAt;
        Instant endedAt;
        String endedBy;

        Token(String tokenId, String ownerId, Instant expiresAt) {
            this.tokenId = tokenId;
            this.ownerId = ownerId;
            this.expiresAt = expiresAt;
        }
    }

    /** {@code endedBy}: revoked, expired (expiry event) or expiresAt; null while still active. */
    public record TokenLag(String tokenId, Instant endedAt, String endedBy, Duration lag, boolean stillActive,
                           boolean withinGrace) {
    }

    public record Offboarding(String ownerId, Instant offboardedAt, List<TokenLag> tokens) {
    }

    /** {@code ok} when every concerned token ended within the grace; {@code lateTokens} counts the others. */
    @Schema(name = "OffboardingLagReport")
    public record Result(boolean ok, Duration grace, Duration maxLag, int lateTokens, List<Offboarding> offboardings) {
    }
}

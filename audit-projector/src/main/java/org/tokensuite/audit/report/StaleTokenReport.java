package org.tokensuite.audit.report;

import org.tokensuite.audit.access.ValidToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens valid now whose last sign of life is older than {@code unusedFor}. Until usage
 * tracking feeds the log (issue 8), the last sign of life is the later of issue and last
 * rotation: the result says so in {@code basis}.
 */
public final class StaleTokenReport {

    public static final String BASIS = "last issue or rotation (usage data not yet recorded)";

    private StaleTokenReport() {
    }

    public static Result of(List<ValidToken> validNow, Instant now, Duration unusedFor) {
        List<Finding> stale = new ArrayList<>();
        for (ValidToken token : validNow) {
            Instant lastSeen = token.lastRotatedAt() != null ? token.lastRotatedAt() : token.issuedAt();
            if (lastSeen != null && !lastSeen.plus(unusedFor).isAfter(now)) {
                stale.add(new Finding(token.tokenId(), token.ownerId(), token.name(), lastSeen,
                        Duration.between(lastSeen, now)));
            }
        }
        return new Result(now, unusedFor, BASIS, List.copyOf(stale));
    }

    public record Finding(String tokenId, String ownerId, String name, Instant lastActivity, Duration idleFor) {
    }

    public record Result(Instant at, Duration unusedFor, String basis, List<Finding> tokens) {
    }
}

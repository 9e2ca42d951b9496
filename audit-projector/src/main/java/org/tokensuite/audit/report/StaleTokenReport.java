package org.tokensuite.audit.report;

import io.swagger.v3.oas.annotations.media.Schema;
import org.tokensuite.audit.access.ValidToken;
import org.tokensuite.audit.usage.LastUse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tokens valid now that were not used for {@code unusedFor}: the last use reported by token-query's
 * usage summaries, or, for a token never used, its issue time. Each finding names its basis. A
 * rotation is not a use (it may be automated), so it does not keep a token fresh.
 */
public final class StaleTokenReport {

    public static final String BASIS = "last use from token-usage summaries; issue time for tokens never used";
    public static final String LAST_USE = "last_use";
    public static final String ISSUED_NEVER_USED = "issued_never_used";

    private StaleTokenReport() {
    }

    public static Result of(List<ValidToken> validNow, Map<String, LastUse> lastUses, Instant now, Duration unusedFor) {
        List<Finding> stale = new ArrayList<>();
        for (ValidToken token : validNow) {
            LastUse use = lastUses.get(token.tokenId());
            Instant lastActivity = use != null ? use.lastUsedAt() : token.issuedAt();
            if (lastActivity != null && !lastActivity.plus(unusedFor).isAfter(now)) {
                stale.add(new Finding(token.tokenId(), token.ownerId(), token.name(),
                        use != null ? LAST_USE : ISSUED_NEVER_USED, lastActivity, Duration.between(lastActivity, now),
                        token.issuedAt(), use != null ? use.lastSourceAddress() : null, use != null ? use.usesTotal() : 0));
            }
        }
        return new Result(now, unusedFor, BASIS, List.copyOf(stale));
    }

    /** {@code basis} is {@link #LAST_USE} or {@link #ISSUED_NEVER_USED}; {@code lastActivity} is that instant. */
    @Schema(name = "StaleTokenFinding")
    public record Finding(String tokenId, String ownerId, String name, String basis, Instant lastActivity,
                          Duration idleFor, Instant issuedAt, String lastSourceAddress, long usesTotal) {
    }

    @Schema(name = "StaleTokenReport")
    public record Result(Instant at, Duration unusedFor, String basis, List<Finding> tokens) {
    }
}

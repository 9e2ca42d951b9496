package org.tokensuite.audit.report;

import io.swagger.v3.oas.annotations.media.Schema;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens issued to live longer than policy allows, or without any expiry. Lifetime is measured
 * from when the token starts to verify (notBefore, else issue time) to expiresAt.
 */
public final class LifetimePolicyReport {

    private final Duration maxTtl;
    private final List<Finding> findings = new ArrayList<>();

    public LifetimePolicyReport(Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    public void apply(RecordedEvent event) {
        if (!"TokenIssued".equals(event.type())) {
            return;
        }
        Instant issuedAt = event.occurredAt();
        Instant notBefore = event.instant("notBefore");
        Instant start = notBefore != null ? notBefore : issuedAt;
        if (start == null) {
            // Recorded as published, but without a readable start: no lifetime to judge.
            return;
        }
        Instant expiresAt = event.instant("expiresAt");
        if (expiresAt == null) {
            findings.add(new Finding(event.text("tokenId"), event.owner(), issuedAt, start, null, null));
            return;
        }
        Duration lifetime = Duration.between(start, expiresAt);
        if (lifetime.compareTo(maxTtl) > 0) {
            findings.add(new Finding(event.text("tokenId"), event.owner(), issuedAt, start, expiresAt, lifetime));
        }
    }

    public Result result() {
        return new Result(findings.isEmpty(), maxTtl, List.copyOf(findings));
    }

    /** {@code expiresAt} and {@code lifetime} are null for a token that never expires. */
    @Schema(name = "LifetimeFinding")
    public record Finding(String tokenId, String ownerId, Instant issuedAt, Instant validFrom, Instant expiresAt,
                          Duration lifetime) {
    }

    @Schema(name = "LifetimeReport")
    public record Result(boolean ok, Duration maxTtl, List<Finding> tokens) {
    }
}

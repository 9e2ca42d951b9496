package org.tokensuite.audit.report;

import org.springframework.stereotype.Service;
import org.tokensuite.audit.access.AccessReconstruction;
import org.tokensuite.audit.access.ValidToken;
import org.tokensuite.audit.projection.RecordedEvents;
import org.tokensuite.audit.usage.LastUses;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs each report over the recorded events. */
@Service
public class AuditReports {

    private final RecordedEvents events;
    private final LastUses lastUses;
    private final Clock clock = Clock.systemUTC();

    public AuditReports(RecordedEvents events, LastUses lastUses) {
        this.events = events;
        this.lastUses = lastUses;
    }

    public LifetimePolicyReport.Result lifetimes(Duration maxTtl) {
        LifetimePolicyReport report = new LifetimePolicyReport(maxTtl);
        events.replay(null, null, report::apply);
        return report.result();
    }

    public OffboardingLagReport.Result offboardingLag(Duration grace) {
        Instant now = clock.instant();
        OffboardingLagReport report = new OffboardingLagReport(grace);
        events.replay(null, null, report::apply);
        return report.result(now);
    }

    public StaleTokenReport.Result stale(Duration unusedFor) {
        Instant now = clock.instant();
        AccessReconstruction reconstruction = new AccessReconstruction(now);
        events.replay(now, null, reconstruction::apply);
        List<ValidToken> validNow = reconstruction.validTokens(null, null);
        return StaleTokenReport.of(validNow, lastUses.of(validNow.stream().map(ValidToken::tokenId).toList()),
                now, unusedFor);
    }
}

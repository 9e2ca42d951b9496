package org.tokensuite.audit.report;

import org.springframework.stereotype.Service;
import org.tokensuite.audit.access.AccessReconstruction;
import org.tokensuite.audit.projection.RecordedEvents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Runs each report over the recorded events. */
@Service
public class AuditReports {

    private final RecordedEvents events;
    private final Clock clock = Clock.systemUTC();

    public AuditReports(RecordedEvents events) {
        this.events = events;
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
        return StaleTokenReport.of(reconstruction.validTokens(null, null), now, unusedFor);
    }
}

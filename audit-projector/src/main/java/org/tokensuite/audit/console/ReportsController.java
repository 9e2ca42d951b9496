package org.tokensuite.audit.console;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.tokensuite.audit.report.AuditReports;
import org.tokensuite.audit.report.LifetimePolicyReport;
import org.tokensuite.audit.report.OffboardingLagReport;
import org.tokensuite.audit.report.StaleTokenReport;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.web.Params;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reports: stale tokens, lifetimes beyond policy, offboarding lag (the API's reports), each with a bar chart. */
@Hidden
@Controller
public class ReportsController {

    private static final double SECONDS_PER_DAY = 86_400;

    private final AuditReports reports;
    private final AuditProperties.Reports policy;

    public ReportsController(AuditReports reports, AuditProperties properties) {
        this.reports = reports;
        this.policy = properties.reports();
    }

    @GetMapping("/console/reports")
    public String reports(@RequestParam(required = false) String days, @RequestParam(required = false) String maxTtl,
                          @RequestParam(required = false) String grace, Model model) {
        Integer staleDays = Params.positiveInt("days", days);
        Duration unusedFor = staleDays != null ? Duration.ofDays(staleDays) : policy.staleAfter();
        Duration ttl = Params.duration("maxTtl", maxTtl, policy.maxTtl());
        Duration graceTime = Params.duration("grace", grace, policy.offboardingGrace());

        StaleTokenReport.Result stale = reports.stale(unusedFor);
        LifetimePolicyReport.Result lifetimes = reports.lifetimes(ttl);
        OffboardingLagReport.Result lag = reports.offboardingLag(graceTime);

        model.addAttribute("days", unusedFor.toDays());
        model.addAttribute("maxTtl", ttl.toString());
        model.addAttribute("grace", graceTime.toString());
        model.addAttribute("stale", stale);
        model.addAttribute("lifetimes", lifetimes);
        model.addAttribute("lag", lag);
        model.addAttribute("staleChart", BarChart.of("Days idle, per stale token", "days",
                stale.tokens().stream().map(f -> new BarChart.Point(BarChart.tokenLabel(f.tokenId(), f.ownerId()),
                        f.idleFor().toSeconds() / SECONDS_PER_DAY)).toList(), unusedFor.toSeconds() / SECONDS_PER_DAY));
        model.addAttribute("lifetimeChart", BarChart.of("Lifetime in days, per token beyond policy", "days",
                lifetimes.tokens().stream().filter(f -> f.lifetime() != null)
                        .map(f -> new BarChart.Point(BarChart.tokenLabel(f.tokenId(), f.ownerId()),
                                f.lifetime().toSeconds() / SECONDS_PER_DAY)).toList(), ttl.toSeconds() / SECONDS_PER_DAY));
        List<BarChart.Point> lags = new ArrayList<>();
        for (OffboardingLagReport.Offboarding offboarding : lag.offboardings()) {
            for (OffboardingLagReport.TokenLag token : offboarding.tokens()) {
                if (token.lag() != null) {
                    lags.add(new BarChart.Point(BarChart.tokenLabel(token.tokenId(), offboarding.ownerId()),
                            token.lag().toMillis() / 1000.0));
                }
            }
        }
        model.addAttribute("lagChart", BarChart.of("Seconds from offboarding to the token's end", "s", lags,
                graceTime.toMillis() / 1000.0));
        return "console/reports";
    }
}

package org.tokensuite.audit.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.report.AuditReports;
import org.tokensuite.audit.report.LifetimePolicyReport;
import org.tokensuite.audit.report.OffboardingLagReport;
import org.tokensuite.audit.report.StaleTokenReport;

import java.time.Duration;

/** GET /v1/audit/reports/*: findings an auditor checks against policy. Defaults come from tokens.audit.reports. */
@Tag(name = "audit reports", description = "Findings to check against policy; each threshold defaults to tokens.audit.reports.")
@RestController
public class AuditReportsController {

    private final AuditReports reports;
    private final AuditProperties.Reports policy;

    public AuditReportsController(AuditReports reports, AuditProperties properties) {
        this.reports = reports;
        this.policy = properties.reports();
    }

    @Operation(operationId = "excessiveLifetimeReport", summary = "Tokens issued with a lifetime above maxTtl, or without expiry")
    @GetMapping("/v1/audit/reports/excessive-lifetime")
    public LifetimePolicyReport.Result excessiveLifetime(@RequestParam(required = false) String maxTtl) {
        return reports.lifetimes(Params.duration("maxTtl", maxTtl, policy.maxTtl()));
    }

    @Operation(operationId = "offboardingLagReport", summary = "Per offboarded user, how long each token outlived the offboarding")
    @GetMapping("/v1/audit/reports/offboarding-lag")
    public OffboardingLagReport.Result offboardingLag(@RequestParam(required = false) String grace) {
        return reports.offboardingLag(Params.duration("grace", grace, policy.offboardingGrace()));
    }

    @Operation(operationId = "staleTokensReport", summary = "Tokens valid now and unused for `days`")
    @GetMapping("/v1/audit/reports/stale-tokens")
    public StaleTokenReport.Result staleTokens(@RequestParam(required = false) String days) {
        Integer n = Params.positiveInt("days", days);
        return reports.stale(n != null ? Duration.ofDays(n) : policy.staleAfter());
    }
}

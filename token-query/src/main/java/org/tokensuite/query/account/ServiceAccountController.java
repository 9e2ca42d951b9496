package org.tokensuite.query.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Service accounts and the reports that keep them accountable (tokens:read: {@code web.QueryAccess}): who
 * sponsors what, which accounts are orphaned and until when, which have gone unused, and what a person's
 * leaving would revoke, orphan and later suspend.
 */
@Tag(name = "service-accounts", description = "Owners that are not people, with their sponsors. Needs tokens:read.")
@RestController
public class ServiceAccountController {

    private static final Set<String> STATUSES = Set.of("sponsored", "orphaned", "sponsor_lost");
    private static final int MAX_DAYS = 3650;

    private final ServiceAccountQueries queries;
    private final Clock clock;

    public ServiceAccountController(ServiceAccountQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Operation(operationId = "listServiceAccounts", summary = "Service accounts with sponsor, working tokens and last use",
            description = "Filters: status (sponsored, orphaned: with graceEndsAt, sponsor_lost), sponsor, and unusedForDays "
                    + "(no token of the account used for that many days; never used counts). Without status and sponsor, "
                    + "the suite's own principals are listed first as built-in accounts without a sponsor.")
    @GetMapping("/v1/service-accounts")
    public Mono<List<ServiceAccountSummary>> list(@RequestParam(name = "status", required = false) String status,
                                                  @RequestParam(name = "sponsor", required = false) String sponsor,
                                                  @Parameter(description = "1 to 3650") @RequestParam(name = "unusedForDays", required = false) String unusedForDays) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalidRequest("status must be one of sponsored, orphaned, sponsor_lost");
        }
        if (sponsor != null && !UserId.isValid(sponsor)) {
            throw ApiProblem.invalidRequest("sponsor is not a valid user id");
        }
        Integer days = unusedForDays == null ? null : number("unusedForDays", unusedForDays, 1, MAX_DAYS);
        return blocking(() -> queries.list(status, sponsor,
                days == null ? null : clock.instant().minus(Duration.ofDays(days))));
    }

    @Operation(operationId = "getServiceAccount", summary = "One service account")
    @GetMapping("/v1/service-accounts/{accountId}")
    public Mono<ServiceAccountSummary> one(@PathVariable("accountId") String accountId) {
        if (!UserId.isValid(accountId)) {
            throw ApiProblem.notFound("no such service account");
        }
        return blocking(() -> queries.find(accountId).orElseThrow(() -> ApiProblem.notFound("no service account " + accountId)));
    }

    @Operation(operationId = "listSponsors", summary = "People who sponsor at least `min` service accounts, most first",
            description = "An offboarding's blast radius, visible in advance. min: 1 to 1000, default 2.")
    @GetMapping("/v1/sponsors")
    public Mono<List<SponsorSummary>> sponsors(@RequestParam(name = "min", required = false) String min) {
        int minimum = min == null ? 2 : number("min", min, 1, 1000);
        return blocking(() -> queries.sponsors(minimum));
    }

    @Operation(operationId = "offboardingImpact", summary = "What offboarding this person would revoke, orphan and later suspend")
    @GetMapping("/v1/users/{userId}/impact")
    public Mono<OffboardingImpact> impact(@PathVariable("userId") String userId) {
        if (!UserId.isValid(userId)) {
            throw ApiProblem.invalidRequest("userId is not a valid user id");
        }
        return blocking(() -> queries.impact(userId));
    }

    private static int number(String name, String value, int min, int max) {
        if (value.isEmpty() || value.length() > 4 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiProblem.invalidRequest(name + " must be a whole number from " + min + " to " + max);
        }
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
            throw ApiProblem.invalidRequest(name + " must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}

package org.tokensuite.query.inventory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.platform.freshness.TokenVersionHeaders;
import org.tokensuite.query.usage.UsageStore;
import org.tokensuite.query.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code GET /v1/tokens/{id}}, {@code GET /v1/tokens/{id}/scope-advice?days=} and
 * {@code GET /v1/tokens?ownerId=&state=&scope=&page=&size=} (tokens:read: {@code web.QueryAccess}).
 */
@Tag(name = "inventory", description = "The active-token view: every token, never a secret or hash. Needs tokens:read.")
@RestController
public class InventoryController {

    private static final int DEFAULT_PAGE_SIZE = 50;

    private static final int DEFAULT_ADVICE_DAYS = 30;
    private static final int MAX_ADVICE_DAYS = 3650;

    private final TokenViewQueries queries;
    private final ViewFreshness freshness;
    private final UsageStore usage;
    private final Clock clock;

    public InventoryController(TokenViewQueries queries, ViewFreshness freshness, UsageStore usage, Clock clock) {
        this.queries = queries;
        this.freshness = freshness;
        this.usage = usage;
        this.clock = clock;
    }

    /** Read-your-writes: the token's version this read must not be older than (token-command's X-Token-Version). */
    public static final String NOT_OLDER_THAN = TokenVersionHeaders.NOT_OLDER_THAN;
    /** The version of the token the answer shows. */
    public static final String TOKEN_VERSION = TokenVersionHeaders.TOKEN_VERSION;

    @Operation(operationId = "getToken", summary = "One token, with its uses in the last 24 hours",
            description = "With X-Not-Older-Than (the X-Token-Version token-command answered a command with) the read "
                    + "waits, bounded (tokens.view.max-wait, default 2 s), until this view has reached that version of "
                    + "the token, also while the token is not in the view yet; when the bound passes it answers 503 "
                    + "with Retry-After, never an older state.")
    @ApiResponse(responseCode = "200", description = "the token",
            headers = @Header(name = TOKEN_VERSION, description = "the token's version the answer shows: the aggregate "
                    + "sequence number of its newest event this view has seen", schema = @Schema(type = "integer", format = "int64")))
    @ApiResponse(responseCode = "503", description = "the view has not reached the version asked for within the bound "
            + "(Retry-After), or the view's database is unavailable",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @GetMapping("/v1/tokens/{id}")
    public Mono<TokenDetails> token(@PathVariable("id") String id,
                                    @Parameter(description = "wait until the view has reached this version of the token "
                                            + "(a non-negative integer: token-command's X-Token-Version)",
                                            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                    @RequestHeader(name = NOT_OLDER_THAN, required = false) String notOlderThan,
                                    ServerHttpResponse response) {
        if (!TokenId.isValid(id)) {
            throw ApiProblem.notFound("no such token"); // never echo input: it could be a pasted secret
        }
        Mono<VersionedToken> found = notOlderThan == null
                ? blocking(() -> queries.findVersioned(id).orElseThrow(() -> ApiProblem.notFound("no token " + id)))
                : freshness.notOlderThan(id, version(notOlderThan));
        return found.flatMap(token -> blocking(() -> {
            if (token.version() != null) {
                response.getHeaders().set(TOKEN_VERSION, Long.toString(token.version()));
            }
            return new TokenDetails(token.summary(), usage.usesLast24h(id, clock.instant()));
        }));
    }

    private static long version(String header) {
        try {
            return TokenVersionHeaders.notOlderThan(header);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidRequest(e.getMessage());
        }
    }

    /**
     * Least-privilege advice: held scopes no caller checked in the last {@code days} days. Checks
     * are what introspection callers name in the optional {@code scope} form parameter (and the
     * scopes token-query's own endpoints require), attributed to the held scope that granted them.
     */
    @Operation(operationId = "scopeAdvice", summary = "Least-privilege advice: held scopes no caller checked in the last `days` days")
    @GetMapping("/v1/tokens/{id}/scope-advice")
    public Mono<ScopeAdvice> scopeAdvice(@PathVariable("id") String id,
                                         @RequestParam(name = "days", required = false) String days) {
        if (!TokenId.isValid(id)) {
            throw ApiProblem.notFound("no such token");
        }
        int window = number("days", days, DEFAULT_ADVICE_DAYS);
        if (window < 1 || window > MAX_ADVICE_DAYS) {
            throw ApiProblem.invalidRequest("days must be between 1 and " + MAX_ADVICE_DAYS);
        }
        return blocking(() -> {
            TokenSummary summary = queries.find(id).orElseThrow(() -> ApiProblem.notFound("no token " + id));
            return advice(summary, window, usage.scopeChecks(id), clock.instant());
        });
    }

    static ScopeAdvice advice(TokenSummary token, int days, Map<String, UsageStore.ScopeCheck> checks, Instant now) {
        Instant since = now.minus(Duration.ofDays(days));
        List<String> unused = new ArrayList<>();
        List<ScopeAdvice.UsedScope> used = new ArrayList<>();
        for (String scope : token.scopes()) {
            UsageStore.ScopeCheck check = checks.get(scope);
            if (check != null && check.lastCheckedAt().isAfter(since)) {
                used.add(new ScopeAdvice.UsedScope(scope, check.lastCheckedAt()));
            } else {
                unused.add(scope);
            }
        }
        Instant observedSince = checks.values().stream().map(UsageStore.ScopeCheck::firstCheckedAt)
                .min(Instant::compareTo).orElse(null);
        String basis = observedSince == null
                ? "no caller has reported checking a scope of this token (introspection form parameter 'scope'), "
                        + "so every held scope is listed as unused; this says nothing about actual use"
                : "scopes introspection callers reported checking (form parameter 'scope') or token-query's own "
                        + "endpoints required, attributed to the held scope that granted each check, since "
                        + observedSince + "; a held scope is unused when no check it granted was recorded in the last "
                        + days + " days" + (observedSince.isAfter(since)
                        ? " (observation began less than " + days + " days ago: the advice may list scopes still needed)"
                        : "");
        return new ScopeAdvice(token.tokenId(), days, List.copyOf(unused), List.copyOf(used), observedSince, basis);
    }

    @Operation(operationId = "listTokens", summary = "Tokens by owner, state and scope, a page at a time")
    @GetMapping("/v1/tokens")
    public Mono<TokenPage> tokens(@RequestParam(name = "ownerId", required = false) String ownerId,
                                  @RequestParam(name = "state", required = false) String state,
                                  @RequestParam(name = "scope", required = false) String scope,
                                  @RequestParam(name = "page", required = false) String page,
                                  @RequestParam(name = "size", required = false) String size) {
        TokenFilter query = parse(ownerId, state, scope, page, size);
        return blocking(() -> queries.find(query));
    }

    private static TokenFilter parse(String ownerId, String state, String scope, String page, String size) {
        if (ownerId != null && !UserId.isValid(ownerId)) {
            throw ApiProblem.invalidRequest("ownerId is not a valid user id");
        }
        TokenState tokenState = null;
        if (state != null) {
            try {
                tokenState = TokenState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidRequest("state must be one of active, suspended, revoked, expired");
            }
        }
        if (scope != null && !Scope.isValid(scope)) {
            throw ApiProblem.invalidRequest("scope must look like <system>:<action>");
        }
        int pageNumber = number("page", page, 0);
        int pageSize = number("size", size, DEFAULT_PAGE_SIZE);
        if (pageNumber < 0) {
            throw ApiProblem.invalidRequest("page must not be negative");
        }
        if (pageSize < 1 || pageSize > TokenFilter.MAX_PAGE_SIZE) {
            throw ApiProblem.invalidRequest("size must be between 1 and " + TokenFilter.MAX_PAGE_SIZE);
        }
        return new TokenFilter(ownerId, tokenState, scope, pageNumber, pageSize);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidRequest(name + " must be a whole number");
        }
    }

    /** JDBC blocks: keep it off the event loop that serves introspection. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}

package org.tokensuite.query.inventory;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tokensuite.api.query.TokenSummary;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;
import org.tokensuite.query.web.ApiProblem;
import org.tokensuite.query.web.BearerAuthenticator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code GET /v1/tokens/{id}} and {@code GET /v1/tokens?ownerId=&state=&scope=&page=&size=} (tokens:read). */
@RestController
public class InventoryController {

    private static final Scope READ = Scope.of("tokens:read");
    private static final int DEFAULT_PAGE_SIZE = 50;

    private final BearerAuthenticator authenticator;
    private final TokenViewQueries queries;

    public InventoryController(BearerAuthenticator authenticator, TokenViewQueries queries) {
        this.authenticator = authenticator;
        this.queries = queries;
    }

    @GetMapping("/v1/tokens/{id}")
    public Mono<TokenSummary> token(@PathVariable("id") String id, ServerHttpRequest request) {
        authenticator.require(request, READ);
        if (!TokenId.isValid(id)) {
            throw ApiProblem.notFound("no such token"); // never echo input: it could be a pasted secret
        }
        return blocking(() -> queries.find(id).orElseThrow(() -> ApiProblem.notFound("no token " + id)));
    }

    @GetMapping("/v1/tokens")
    public Mono<TokenPage> tokens(@RequestParam(name = "ownerId", required = false) String ownerId,
                                  @RequestParam(name = "state", required = false) String state,
                                  @RequestParam(name = "scope", required = false) String scope,
                                  @RequestParam(name = "page", required = false) String page,
                                  @RequestParam(name = "size", required = false) String size,
                                  ServerHttpRequest request) {
        authenticator.require(request, READ);
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

package org.tokensuite.query.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.tokensuite.api.value.IpAddress;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.IntrospectionClient;
import org.tokensuite.platform.security.reactive.ClientAddresses;
import org.tokensuite.query.health.IntrospectionGate;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;
import org.tokensuite.platform.problem.ProblemType;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code POST /v1/introspect} (RFC 7662) and {@code GET /v1/introspect/nginx} (for nginx
 * {@code auth_request}). Answers from the in-memory index only; kept lean on purpose, it is the
 * hottest path of the suite. Never logs a token.
 */
@Component
public class IntrospectionHandler {

    static final Scope INTROSPECT = Scope.of("tokens:introspect");
    /** Header carrying the calling service's own credential on the nginx endpoint (optional). */
    static final String SERVICE_AUTHORIZATION = "X-Introspect-Authorization";
    static final String CREDENTIALS_REQUIRED = "an Authorization: Bearer token, or client credentials (Basic, or client_id "
            + "and client_secret in the body: the calling token's id and the token), is required";

    private final TokenVerifier verifier;
    private final IntrospectionGate gate;
    private final IntrospectionObserver observer;
    private final IntrospectionMetrics metrics;
    private final ProblemRenderer problems;
    private final ClientAddresses clientAddress;
    private final Clock clock;

    public IntrospectionHandler(TokenVerifier verifier, IntrospectionGate gate, IntrospectionObserver observer,
                                IntrospectionMetrics metrics, ProblemRenderer problems, ClientAddresses clientAddress,
                                Clock clock) {
        this.verifier = verifier;
        this.gate = gate;
        this.observer = observer;
        this.metrics = metrics;
        this.problems = problems;
        this.clientAddress = clientAddress;
        this.clock = clock;
    }

    public Mono<ServerResponse> introspect(ServerRequest request) {
        long nowMillis = clock.millis();
        if (!gate.isOpen(nowMillis)) {
            return problems.response(ApiProblem.unavailable(
                    "token verification is unavailable: " + gate.closedReason(nowMillis)));
        }
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        // Nothing that could authenticate: refused before the body is read.
        if ((authorization == null || authorization.isBlank()) && !hasFormBody(request)) {
            return problems.response(ApiProblem.unauthenticated(CREDENTIALS_REQUIRED));
        }
        ServerHttpRequest http = request.exchange().getRequest();
        return IntrospectionForm.read(http).onErrorMap(IllegalArgumentException.class, IntrospectionHandler::malformedForm).flatMap(form -> {
            ClientCredentials.Presented presented = ClientCredentials.of(authorization, form);
            if (presented instanceof ClientCredentials.Missing) {
                return problems.response(ApiProblem.unauthenticated(CREDENTIALS_REQUIRED));
            }
            if (presented instanceof ClientCredentials.Malformed malformed) {
                return problems.response(ApiProblem.clientUnauthenticated(malformed.detail()));
            }
            if (presented instanceof ClientCredentials.Ambiguous ambiguous) {
                return problems.response(ApiProblem.invalidRequest(ambiguous.detail()));
            }
            ClientCredentials client = ((ClientCredentials.Found) presented).credentials();
            String bearer = client.secret();
            String token = form.token();
            if (token == null || token.isBlank()) {
                return problems.response(ApiProblem.invalidRequest(
                        "the form parameter 'token' is required (application/x-www-form-urlencoded)"));
            }
            // Where the resource server saw the token presented (it asks on its client's behalf); without it,
            // where this request comes from. Either way a parsed address, never header text.
            Supplier<String> connection = clientAddress.lazily(http);
            Supplier<String> presentedFrom = connection;
            if (form.clientAddress() != null) {
                String text = form.clientAddress();
                // Exactly an address: IpAddress would forgive surrounding blanks and control characters.
                IpAddress given = text.equals(text.trim()) ? IpAddress.parseOrNull(text) : null;
                if (given == null) {
                    return problems.response(ApiProblem.invalidRequest(
                            "the form parameter '" + IntrospectionClient.CLIENT_ADDRESS_PARAMETER + "' must be an IP address"));
                }
                presentedFrom = given::value;
            }
            long now = nowMillis / 1000;
            boolean clientAuthenticated = client.clientId() != null;
            Verification caller = null;
            if (clientAuthenticated || !bearer.equals(token)) {
                // A distinct bearer is the calling service's own credential, presented from its own connection.
                // A client (id + secret) must be an active token whose id is the client_id, whatever it asks about.
                caller = verifier.verify(bearer, now, connection);
                if (!bearer.equals(token)) {
                    observer.introspected(caller, connection, INTROSPECT.value());
                }
                if (clientAuthenticated && (!caller.isActive() || !client.clientId().equals(caller.token().tokenId()))) {
                    return problems.response(ApiProblem.clientUnauthenticated("the client credentials are not valid"));
                }
                if (!caller.isActive()) {
                    return problems.response(ApiProblem.unauthenticated("the bearer token is not active"));
                }
                if (!bearer.equals(token) && !caller.token().scopes().holds(INTROSPECT)) {
                    return problems.response(ApiProblem.forbidden(
                            "introspecting another token needs the scope tokens:introspect"));
                }
            }
            // A client introspecting its own secret from where it connects: that verification is the answer.
            Verification verification = caller != null && bearer.equals(token) && presentedFrom == connection
                    ? caller : verifier.verify(token, now, presentedFrom);
            // RFC 7662 allows extra parameters: "scope" names what the caller is about to check (usage advice only).
            observer.introspected(verification, presentedFrom, form.scope());
            metrics.answered(verification.verdict());
            return json(verification.isActive()
                    ? IntrospectionResponses.active(verification.token(), verification.superseded())
                    : IntrospectionResponses.INACTIVE);
        });
    }

    /** Whether the request may carry client credentials in a form body. */
    private static boolean hasFormBody(ServerRequest request) {
        try {
            MediaType type = request.headers().contentType().orElse(null);
            return type != null && type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED);
        } catch (IllegalArgumentException malformed) {
            return true; // the form reader answers it: 400
        }
    }

    /** Writes the precomputed bytes as they are: no search for a message writer per call. */
    private static Mono<ServerResponse> json(byte[] body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .contentLength(body.length)
                .body((message, context) -> message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(body))));
    }

    /**
     * For nginx {@code auth_request}, which only looks at the status: 204 when the incoming
     * request's own {@code Authorization: Bearer} token is active (and holds {@code ?scope=} if
     * given), 401 when not, 403 when the scope is missing or the optional service credential in
     * {@value #SERVICE_AUTHORIZATION} is not an active token with tokens:introspect, 503 when
     * this instance cannot verify (nginx then fails the request: closed).
     */
    public Mono<ServerResponse> nginx(ServerRequest request) {
        long nowMillis = clock.millis();
        if (!gate.isOpen(nowMillis)) {
            return problems.response(ApiProblem.unavailable(
                    "token verification is unavailable: " + gate.closedReason(nowMillis)));
        }
        ServerHttpRequest http = request.exchange().getRequest();
        long now = nowMillis / 1000;
        // One address for both credentials: nginx's client as the trusted proxies resolve it (nginx must be
        // one of them for its X-Forwarded-For to count), else the connection's peer.
        Supplier<String> address = clientAddress.lazily(http);
        String service = request.headers().firstHeader(SERVICE_AUTHORIZATION);
        if (service != null) {
            String credential = IntrospectionClient.bearerToken(service);
            Verification caller = credential == null ? null : verifier.verify(credential, now, address);
            if (caller != null) {
                observer.introspected(caller, address, INTROSPECT.value());
            }
            if (caller == null || !caller.isActive() || !caller.token().scopes().holds(INTROSPECT)) {
                return problems.response(ApiProblem.forbidden(
                        "the " + SERVICE_AUTHORIZATION + " credential is not an active token with tokens:introspect"));
            }
        }
        String token = IntrospectionClient.bearerToken(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return problems.response(ApiProblem.unauthenticated("an Authorization: Bearer token is required"));
        }
        Verification verification = verifier.verify(token, now, address);
        String wanted = request.queryParam("scope").orElse(null);
        observer.introspected(verification, address, wanted);
        metrics.answered(verification.verdict());
        if (!verification.isActive() || !verification.token().hasCanonicalIds()) {
            // A token whose ids token-api would refuse cannot be named in response headers: not for gateways.
            return problems.response(ApiProblem.unauthenticated("the bearer token is not active"));
        }
        if (verification.superseded() && !Caller.isRead(request.method().name())) {
            // The subrequest carries the original method unless nginx sets proxy_method: a change needs the current secret.
            return problems.response(ApiProblem.superseded());
        }
        if (wanted != null) {
            if (!Scope.isValid(wanted)) {
                return problems.response(ApiProblem.invalidRequest("scope must look like <system>:<action>"));
            }
            if (!verification.token().scopes().holds(Scope.of(wanted))) {
                return problems.response(ApiProblem.forbidden("the token does not hold " + wanted));
            }
        }
        ServerResponse.HeadersBuilder<?> answer = ServerResponse.noContent();
        if (verification.superseded()) {
            answer.header("X-Token-Superseded", "true");
        }
        return answer
                .header("X-Token-Id", verification.token().tokenId())
                .header("X-Token-Subject", verification.token().owner().id())
                .header("X-Token-Scope", verification.token().scopes().spaceSeparated())
                .build();
    }

    /** URLDecoder's complaint about a bad {@code %} escape: the client's mistake, never echoed (it may hold the token). */
    private static ApiProblem malformedForm(IllegalArgumentException error) {
        return ApiProblem.invalidRequest("the body is not valid application/x-www-form-urlencoded (bad % escape)");
    }

    public Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return problems.response(new ApiProblem(ProblemType.METHOD_NOT_ALLOWED, request.method() + " is not supported here"));
    }
}

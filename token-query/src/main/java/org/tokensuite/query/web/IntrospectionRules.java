package org.tokensuite.query.web;

import org.springframework.stereotype.Component;
import org.tokensuite.api.value.IpAddress;
import org.tokensuite.api.value.Scope;
import org.tokensuite.platform.security.Caller;
import org.tokensuite.platform.security.IntrospectionClient;
import org.tokensuite.query.health.IntrospectionGate;
import org.tokensuite.query.verification.IntrospectionObserver;
import org.tokensuite.query.verification.TokenVerifier;
import org.tokensuite.query.verification.Verification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code POST /v1/introspect} (RFC 7662) and {@code /v1/introspect/nginx} answer, whatever carried the request:
 * the caller's rules (self-introspection, {@code tokens:introspect} for another token, client credentials, the nginx
 * service credential), the fail-closed gate, and the answer's bytes. Both transports use it: {@link DirectIntrospection} on the connection itself, and
 * {@link IntrospectionHandler}'s WebFlux route for the requests the direct path leaves to it. Never logs a token.
 */
@Component
public class IntrospectionRules {

    static final Scope INTROSPECT = Scope.of("tokens:introspect");
    static final String CREDENTIALS_REQUIRED = "an Authorization: Bearer token, or client credentials (Basic, or client_id "
            + "and client_secret in the body: the calling token's id and the token), is required";

    /** Header carrying the calling service's own credential on the nginx endpoint (optional). */
    static final String SERVICE_AUTHORIZATION = "X-Introspect-Authorization";

    /** An answer: a problem to render, the JSON bytes of a 200, or a 204 with these headers. */
    record Answer(ApiProblem problem, byte[] json, Map<String, String> headers) {

        static Answer of(ApiProblem problem) {
            return new Answer(problem, null, Map.of());
        }

        static Answer json(byte[] json) {
            return new Answer(null, json, Map.of());
        }

        static Answer noContent(Map<String, String> headers) {
            return new Answer(null, null, headers);
        }

        int status() {
            return problem != null ? problem.status() : json != null ? 200 : 204;
        }
    }

    private final TokenVerifier verifier;
    private final IntrospectionGate gate;
    private final IntrospectionObserver observer;
    private final IntrospectionMetrics metrics;

    public IntrospectionRules(TokenVerifier verifier, IntrospectionGate gate, IntrospectionObserver observer,
                              IntrospectionMetrics metrics) {
        this.verifier = verifier;
        this.gate = gate;
        this.observer = observer;
        this.metrics = metrics;
    }

    /** 503 while this instance cannot be sure its index is current; null when it may answer. */
    ApiProblem closed(long nowMillis) {
        return gate.isOpen(nowMillis) ? null
                : ApiProblem.unavailable("token verification is unavailable: " + gate.closedReason(nowMillis));
    }

    /** 401 before the body is read when nothing could authenticate: no Authorization and no form body; else null. */
    static ApiProblem unauthenticatedBeforeBody(String authorization, boolean mayCarryForm) {
        return (authorization == null || authorization.isBlank()) && !mayCarryForm
                ? ApiProblem.unauthenticated(CREDENTIALS_REQUIRED) : null;
    }

    /** The body did not decode (a bad {@code %} escape, an unreadable content type): 400, never echoed. */
    static ApiProblem malformedForm() {
        return ApiProblem.invalidRequest("the body is not valid application/x-www-form-urlencoded (bad % escape)");
    }

    /**
     * The answer to a decoded request.
     *
     * @param connection where this request comes from (the trusted proxies' resolution of the peer), computed lazily
     */
    Answer answer(long nowMillis, String authorization, IntrospectionForm form, Supplier<String> connection) {
        ClientCredentials.Presented presented = ClientCredentials.of(authorization, form);
        if (presented instanceof ClientCredentials.Missing) {
            return Answer.of(ApiProblem.unauthenticated(CREDENTIALS_REQUIRED));
        }
        if (presented instanceof ClientCredentials.Malformed malformed) {
            return Answer.of(ApiProblem.clientUnauthenticated(malformed.detail()));
        }
        if (presented instanceof ClientCredentials.Ambiguous ambiguous) {
            return Answer.of(ApiProblem.invalidRequest(ambiguous.detail()));
        }
        ClientCredentials client = ((ClientCredentials.Found) presented).credentials();
        String bearer = client.secret();
        String token = form.token();
        if (token == null || token.isBlank()) {
            return Answer.of(ApiProblem.invalidRequest(
                    "the form parameter 'token' is required (application/x-www-form-urlencoded)"));
        }
        // Where the resource server saw the token presented (it asks on its client's behalf); without it,
        // where this request comes from. Either way a parsed address, never header text.
        Supplier<String> presentedFrom = connection;
        if (form.clientAddress() != null) {
            String text = form.clientAddress();
            // Exactly an address: IpAddress would forgive surrounding blanks and control characters.
            IpAddress given = text.equals(text.trim()) ? IpAddress.parseOrNull(text) : null;
            if (given == null) {
                return Answer.of(ApiProblem.invalidRequest(
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
                return Answer.of(ApiProblem.clientUnauthenticated("the client credentials are not valid"));
            }
            if (!caller.isActive()) {
                return Answer.of(ApiProblem.unauthenticated("the bearer token is not active"));
            }
            if (!bearer.equals(token) && !caller.token().scopes().holds(INTROSPECT)) {
                return Answer.of(ApiProblem.forbidden("introspecting another token needs the scope tokens:introspect"));
            }
        }
        // A client introspecting its own secret from where it connects: that verification is the answer.
        Verification verification = caller != null && bearer.equals(token) && presentedFrom == connection
                ? caller : verifier.verify(token, now, presentedFrom);
        // RFC 7662 allows extra parameters: "scope" names what the caller is about to check (usage advice only).
        observer.introspected(verification, presentedFrom, form.scope());
        metrics.answered(verification.verdict());
        return Answer.json(verification.isActive()
                ? IntrospectionResponses.active(verification.token(), verification.superseded())
                : IntrospectionResponses.INACTIVE);
    }

    /**
     * For nginx {@code auth_request}, which only looks at the status: 204 when the incoming request's own
     * {@code Authorization: Bearer} token is active (and holds {@code wanted} if given), 401 when not, 403 when the
     * scope is missing or the optional service credential ({@value #SERVICE_AUTHORIZATION}) is not an active token
     * with tokens:introspect. The caller has checked {@link #closed} (503: nginx then fails the request, closed).
     *
     * @param method  the subrequest's method, which is the original request's unless nginx sets {@code proxy_method}
     * @param address nginx's client as the trusted proxies resolve it (nginx must be one of them for its
     *                X-Forwarded-For to count), else the connection's peer: one address for both credentials
     */
    Answer nginx(long nowMillis, String method, String authorization, String serviceAuthorization, String wanted,
                 Supplier<String> address) {
        long now = nowMillis / 1000;
        if (serviceAuthorization != null) {
            String credential = IntrospectionClient.bearerToken(serviceAuthorization);
            Verification caller = credential == null ? null : verifier.verify(credential, now, address);
            if (caller != null) {
                observer.introspected(caller, address, INTROSPECT.value());
            }
            if (caller == null || !caller.isActive() || !caller.token().scopes().holds(INTROSPECT)) {
                return Answer.of(ApiProblem.forbidden(
                        "the " + SERVICE_AUTHORIZATION + " credential is not an active token with tokens:introspect"));
            }
        }
        String token = IntrospectionClient.bearerToken(authorization);
        if (token == null) {
            return Answer.of(ApiProblem.unauthenticated("an Authorization: Bearer token is required"));
        }
        Verification verification = verifier.verify(token, now, address);
        observer.introspected(verification, address, wanted);
        metrics.answered(verification.verdict());
        if (!verification.isActive() || !verification.token().hasCanonicalIds()) {
            // A token whose ids token-api would refuse cannot be named in response headers: not for gateways.
            return Answer.of(ApiProblem.unauthenticated("the bearer token is not active"));
        }
        if (verification.superseded() && !Caller.isRead(method)) {
            // A change needs the current secret.
            return Answer.of(ApiProblem.superseded());
        }
        if (wanted != null) {
            if (!Scope.isValid(wanted)) {
                return Answer.of(ApiProblem.invalidRequest("scope must look like <system>:<action>"));
            }
            if (!verification.token().scopes().holds(Scope.of(wanted))) {
                return Answer.of(ApiProblem.forbidden("the token does not hold " + wanted));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (verification.superseded()) {
            headers.put("X-Token-Superseded", "true");
        }
        headers.put("X-Token-Id", verification.token().tokenId());
        headers.put("X-Token-Subject", verification.token().owner().id());
        headers.put("X-Token-Scope", verification.token().scopes().spaceSeparated());
        return Answer.noContent(headers);
    }
}

package org.tokensuite.audit.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.tokensuite.api.auth.IntrospectionClient;
import org.tokensuite.api.auth.TrustedProxies;
import org.tokensuite.audit.web.CallerAuthentication;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller filter against a real HTTP introspection endpoint (a stub of token-query): which
 * client address it reports, failover between introspection URLs, and the superseded-secret rule.
 */
class CallerAuthenticationTest {

    private static final IntrospectionStub INTROSPECTION = new IntrospectionStub();
    private static final String NOTHING_LISTENS = "http://127.0.0.1:9/v1/introspect";
    private static final String AUDITOR = INTROSPECTION.tokenWithScopes("audit:read");
    private static final String SUPERSEDED = INTROSPECTION.supersededTokenWithScopes("audit:read");

    private final CallerAuthentication filter = new CallerAuthentication(
            new IntrospectionClient(List.of(URI.create(NOTHING_LISTENS), URI.create(INTROSPECTION.url())),
                    Duration.ofSeconds(2)),
            TrustedProxies.parse("10.0.0.0/8"), new ObjectMapper());

    @AfterAll
    static void stop() {
        INTROSPECTION.close();
    }

    private MockFilterChain call(String method, String remoteAddress, String token, String xForwardedFor)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/v1/audit/verify");
        request.setRemoteAddr(remoteAddress);
        request.addHeader("Authorization", "Bearer " + token);
        if (xForwardedFor != null) {
            request.addHeader("X-Forwarded-For", xForwardedFor);
        }
        MockFilterChain chain = new MockFilterChain();
        response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return chain;
    }

    private MockHttpServletResponse response;

    @Test
    void forwardingHeadersCountOnlyWhenTheConnectionComesFromATrustedProxy() throws Exception {
        assertThat(call("GET", "10.1.2.3", AUDITOR, "203.0.113.5, 10.9.9.9").getRequest()).isNotNull();
        assertThat(INTROSPECTION.lastClientAddress()).as("right-most address that is not a trusted proxy")
                .isEqualTo("203.0.113.5");

        assertThat(call("GET", "198.51.100.1", AUDITOR, "203.0.113.5").getRequest()).isNotNull();
        assertThat(INTROSPECTION.lastClientAddress()).as("an untrusted peer cannot name another client")
                .isEqualTo("198.51.100.1");
    }

    @Test
    void introspectionFailsOverToTheNextUrlWhenOneDoesNotAnswer() throws Exception {
        MockFilterChain chain = call("GET", "198.51.100.1", AUDITOR, null);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).as("the request went on to the endpoint").isNotNull();
    }

    @Test
    void aSupersededSecretMayReadButAnythingElseIsRefusedAsAnInvalidTokenAndReachesNothing() throws Exception {
        assertThat(call("GET", "198.51.100.1", SUPERSEDED, null).getRequest()).as("reads are allowed").isNotNull();
        assertThat(call("HEAD", "198.51.100.1", SUPERSEDED, null).getRequest()).isNotNull();

        for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            MockFilterChain chain = call(method, "198.51.100.1", SUPERSEDED, null);

            assertThat(chain.getRequest()).as(method + " must not reach any endpoint").isNull();
            assertThat(response.getStatus()).as(method).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).isEqualTo(
                    "Bearer error=\"invalid_token\", error_description=\"the secret was superseded by a rotation\"");
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
            assertThat(problem.get("type").asText()).isEqualTo("https://tokensuite.org/problems/unauthenticated");
            assertThat(problem.get("detail").asText()).contains("superseded");
        }
        assertThat(call("POST", "198.51.100.1", AUDITOR, null).getRequest())
                .as("the current secret is not affected").isNotNull();
    }
}

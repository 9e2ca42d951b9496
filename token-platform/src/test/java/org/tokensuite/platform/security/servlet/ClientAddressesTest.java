package org.tokensuite.platform.security.servlet;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.tokensuite.platform.security.TrustedProxies;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {

    @Test
    void withNoTrustedProxiesForwardingHeadersAreIgnored() {
        ClientAddresses addresses = new ClientAddresses(TrustedProxies.parse(""));

        assertThat(addresses.of(request("192.0.2.10", "203.0.113.9", "for=198.51.100.7"))).isEqualTo("192.0.2.10");
    }

    @Test
    void aTrustedProxysForwardedHeaderNamesTheClient() {
        ClientAddresses addresses = new ClientAddresses(TrustedProxies.parse("10.0.0.0/8"));

        assertThat(addresses.of(request("10.1.2.3", null, "for=198.51.100.7;proto=https"))).isEqualTo("198.51.100.7");
        assertThat(addresses.of(request("10.1.2.3", "203.0.113.9, 10.4.5.6", null))).isEqualTo("203.0.113.9");
    }

    @Test
    void anUntrustedPeerCannotForgeItsAddress() {
        ClientAddresses addresses = new ClientAddresses(TrustedProxies.parse("10.0.0.0/8"));

        assertThat(addresses.of(request("192.0.2.10", "10.1.1.1", "for=10.1.1.1"))).isEqualTo("192.0.2.10");
    }

    private static MockHttpServletRequest request(String peer, String xForwardedFor, String forwarded) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/metrics");
        request.setRemoteAddr(peer);
        if (xForwardedFor != null) {
            request.addHeader("X-Forwarded-For", xForwardedFor);
        }
        if (forwarded != null) {
            request.addHeader("Forwarded", forwarded);
        }
        return request;
    }
}

package org.tokensuite.query.signal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NetworksTest {

    @Test
    void ipv4AddressesBelongToTheirSlash24() {
        assertThat(Networks.of("203.0.113.77", 24, 64)).isEqualTo("203.0.113.0/24");
    }

    @Test
    void ipv6AddressesBelongToTheirSlash64() {
        assertThat(Networks.of("2001:db8:1:2:3:4:5:6", 24, 64)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void namesAndGarbageHaveNoNetwork() {
        assertThat(Networks.of("example.org", 24, 64)).isNull();
        assertThat(Networks.of("300.1.1.1", 24, 64)).isNull();
        assertThat(Networks.of("fe80::1%eth0", 24, 64)).isNull();
        assertThat(Networks.of(null, 24, 64)).isNull();
    }
}

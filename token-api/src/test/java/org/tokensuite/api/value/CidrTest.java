package org.tokensuite.api.value;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void containsAddressesInsideTheNetworkOnly() {
        Cidr cidr = new Cidr("10.1.0.0/16");
        assertThat(cidr.contains("10.1.200.3")).isTrue();
        assertThat(cidr.contains("10.2.0.1")).isFalse();
        assertThat(new Cidr("192.168.1.128/25").contains("192.168.1.200")).isTrue();
        assertThat(new Cidr("192.168.1.128/25").contains("192.168.1.100")).isFalse();
        assertThat(new Cidr("2001:db8::/32").contains("2001:db8::1")).isTrue();
        assertThat(new Cidr("2001:db8::/32").contains("10.1.0.1")).isFalse();
    }

    @Test
    void namesAndJunkAreNeverAddresses() {
        assertThat(new Cidr("0.0.0.0/0").contains("localhost")).isFalse();
        assertThat(new Cidr("0.0.0.0/0").contains("")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/33", "300.0.0.1/8", "example.com/8", "10.0.0.0/x", "::1/129"})
    void malformedNetworksAreRefused(String value) {
        assertThatThrownBy(() -> new Cidr(value)).isInstanceOf(IllegalArgumentException.class);
    }
}

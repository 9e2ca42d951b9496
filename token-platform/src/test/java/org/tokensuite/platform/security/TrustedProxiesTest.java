package org.tokensuite.platform.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    private static final TrustedProxies PROXY = TrustedProxies.parse("127.0.0.1, 192.168.5.0/24");

    @Test
    void aLazyClientAddressIsResolvedOnlyWhenAskedAndThenOnce() {
        AtomicInteger headerReads = new AtomicInteger();
        Supplier<String> address = PROXY.lazily(() -> "127.0.0.1", name -> {
            headerReads.incrementAndGet();
            return name.equals("X-Forwarded-For") ? List.of("198.51.100.4") : List.of();
        });
        assertThat(headerReads).hasValue(0);
        assertThat(address.get()).isEqualTo("198.51.100.4");
        int afterFirst = headerReads.get();
        assertThat(address.get()).isEqualTo("198.51.100.4");
        assertThat(headerReads).hasValue(afterFirst);
    }

    @Test
    void forwardingHeadersAreIgnoredWhenNoProxyIsTrusted() {
        assertThat(TrustedProxies.NONE.clientAddress("127.0.0.1", List.of("for=10.9.9.9"), List.of("10.9.9.9")))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void forwardingHeadersAreIgnoredFromAConnectionThatIsNotATrustedProxy() {
        assertThat(PROXY.clientAddress("203.0.113.7", List.of(), List.of("10.9.9.9"))).isEqualTo("203.0.113.7");
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
        assertThat(PROXY.clientAddress("127.0.0.1", List.of(), List.of("10.9.9.9, 198.51.100.4, 192.168.5.3")))
                .isEqualTo("198.51.100.4");
    }

    @Test
    void aSpoofedLeftMostEntryDoesNotWin() {
        // The client sent "X-Forwarded-For: 10.9.9.9"; the trusted proxy appended the real peer.
        assertThat(PROXY.clientAddress("127.0.0.1", List.of(), List.of("10.9.9.9", "203.0.113.50")))
                .isEqualTo("203.0.113.50");
    }

    @Test
    void forwardedHeaderWinsOverXForwardedForAndItsSyntaxIsUnderstood() {
        assertThat(PROXY.clientAddress("127.0.0.1",
                List.of("for=\"[2001:db8:cafe::17]:4711\";proto=https, for=192.168.5.9"), List.of("10.1.1.1")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    }

    @Test
    void anUnreadableEntryStopsTheWalkAtTheNearestTrustedProxy() {
        assertThat(PROXY.clientAddress("127.0.0.1", List.of(), List.of("10.9.9.9, =HYPERLINK(\"x\"), 192.168.5.3")))
                .isEqualTo("192.168.5.3");
        assertThat(PROXY.clientAddress("127.0.0.1", List.of(), List.of("evil.example"))).isEqualTo("127.0.0.1");
    }

    @Test
    void anAddressWithAPortIsReadWithoutThePort() {
        assertThat(PROXY.clientAddress("127.0.0.1", List.of(), List.of("10.9.9.9:5555"))).isEqualTo("10.9.9.9");
    }

    @Test
    void anUnparsablePeerGivesNoAddress() {
        assertThat(PROXY.clientAddress("not-an-ip", List.of(), List.of())).isNull();
    }

    @Test
    void aBadProxyListIsRefusedAtStart() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/40")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.internal")).isInstanceOf(IllegalArgumentException.class);
    }
}

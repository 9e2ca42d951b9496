package org.tokensuite.query.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesConfigurationTest {

    private static TokensProperties withTrustedProxies(String list) {
        return new TokensProperties(null, null, null, null, null, null, new TokensProperties.Http(list), null);
    }

    @Test
    void anEmptyListTrustsNoProxy() {
        assertThat(new QueryConfiguration().trustedProxies(withTrustedProxies("")).isEmpty()).isTrue();
        assertThat(new QueryConfiguration().trustedProxies(withTrustedProxies(null)).isEmpty()).isTrue();
    }

    @Test
    void aListThatDoesNotParseRefusesToStart() {
        for (String bad : new String[] {"10.0.0.0/33", "proxy.internal", "10.0.0.1, nonsense", "10.0.0.0/x"}) {
            assertThatThrownBy(() -> new QueryConfiguration().trustedProxies(withTrustedProxies(bad)))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("TOKENS_TRUSTED_PROXIES");
        }
    }

    @Test
    void aValidListTrustsItsNetworksOnly() {
        var proxies = new QueryConfiguration().trustedProxies(withTrustedProxies("10.0.0.0/8 192.0.2.1,2001:db8::/32"));
        assertThat(proxies.trusts("10.1.2.3")).isTrue();
        assertThat(proxies.trusts("192.0.2.1")).isTrue();
        assertThat(proxies.trusts("2001:db8::5")).isTrue();
        assertThat(proxies.trusts("192.0.2.2")).isFalse();
    }
}

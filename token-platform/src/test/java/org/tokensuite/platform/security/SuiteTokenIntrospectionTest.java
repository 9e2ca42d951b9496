package org.tokensuite.platform.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tokensuite.api.secret.TokenSecrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteTokenIntrospectionTest {

    @TempDir
    Path dir;

    @Test
    void withoutIntrospectionUrlsTheStartStopsNamingTheSetting() {
        assertThatThrownBy(() -> SuiteTokenIntrospection.from(new ResourceServerProperties(List.of(), null, Duration.ofSeconds(2), Duration.ZERO)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TOKENS_RESOURCE_SERVER_INTROSPECTION_URLS");
    }

    @Test
    void theCredentialIsTheFilesOneLine() throws Exception {
        String token = new TokenSecrets().generate();
        Path file = Files.writeString(dir.resolve("credential"), token + "\n");

        assertThat(SuiteTokenIntrospection.readCredential(file)).isEqualTo(token);
    }

    @Test
    void aCredentialFileWithoutATokenStopsTheStartWithoutShowingItsContent() throws Exception {
        Path file = Files.writeString(dir.resolve("credential"), "hunter2-not-a-token\n");

        assertThatThrownBy(() -> SuiteTokenIntrospection.readCredential(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SuiteTokenIntrospection.readCredential(dir.resolve("missing")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }

    @Test
    void aTrustedProxiesSettingThatDoesNotParseStopsTheStartNamingIt() {
        for (String bad : new String[] {"10.0.0.0/33", "proxy.internal", "10.0.0.1, nonsense", "10.0.0.0/x"}) {
            assertThatThrownBy(() -> TrustedProxies.parseSetting(bad))
                    .as(bad).isInstanceOf(IllegalStateException.class).hasMessageContaining("TOKENS_TRUSTED_PROXIES");
        }
        assertThat(TrustedProxies.parseSetting("").isEmpty()).isTrue();
        assertThat(TrustedProxies.parseSetting(null).isEmpty()).isTrue();
    }
}

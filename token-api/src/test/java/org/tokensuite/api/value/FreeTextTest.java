package org.tokensuite.api.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreeTextTest {

    @Test
    void ordinaryTextInAnyScriptIsAccepted() {
        assertThat(FreeText.problem("reason", "leaked in ticket #42 — überprüft, 漏洩 😀", 100)).isNull();
        assertThat(FreeText.problem("reason", null, 100)).isNull();
    }

    @Test
    void controlCharactersAreRefusedNamingTheField() {
        for (String bad : new String[]{"a\u0000b", "a\u0001b", "line\nbreak", "tab\there", "\u001b[31mred", "a\u007fb", "a\u0085b", "a\u009bb"}) {
            assertThat(FreeText.problem("reason", bad, 100)).startsWith("reason must not contain control characters");
        }
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        assertThat(FreeText.problem("name", "a\ud800b", 100)).contains("unpaired surrogate");
        assertThat(FreeText.problem("name", "a\udc00", 100)).contains("unpaired surrogate");
        assertThat(FreeText.problem("name", "\ud800", 100)).contains("unpaired surrogate");
    }

    @Test
    void overlongValuesAreRefused() {
        assertThat(FreeText.problem("name", "x".repeat(101), 100)).isEqualTo("name is longer than 100 characters");
        assertThatThrownBy(() -> FreeText.require("name", "x".repeat(101), 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipAddressesAreParsedAndCanonical() {
        assertThat(IpAddress.parse("[::1]").value()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(IpAddress.parse(" 10.0.0.1 ").value()).isEqualTo("10.0.0.1");
        assertThat(IpAddress.parseOrNull("=HYPERLINK(\"http://evil.example/\")")).isNull();
        assertThat(IpAddress.parseOrNull("localhost")).isNull();
    }
}

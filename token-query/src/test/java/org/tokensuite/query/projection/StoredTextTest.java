package org.tokensuite.query.projection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoredTextTest {

    private static final List<String> ODD = List.of("", "plain", "nul\u0000", "\u0000", "high\uD800", "\uDC00low",
            "pair\uD83D\uDE00", "back\\slash", "\\0", "\\u0041", "\u0001", "\u0001marker", "\u0001\\0\u0000",
            "end\\", "\uD800\uD800\uDC00", "x".repeat(100_000) + "\u0000");

    @Test
    void everyStringComesBackExactly() {
        for (String text : ODD) {
            assertThat(StoredText.decode(StoredText.encode(text))).as(text).isEqualTo(text);
        }
        assertThat(StoredText.encode(null)).isNull();
        assertThat(StoredText.decode(null)).isNull();
    }

    @Test
    void storedTextHoldsNoNulAndNoUnpairedSurrogate() {
        for (String text : ODD) {
            String stored = StoredText.encode(text);
            assertThat(stored.indexOf('\0')).as(text).isEqualTo(-1);
            for (int i = 0; i < stored.length(); i++) {
                char c = stored.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertThat(Character.isLowSurrogate(stored.charAt(++i))).isTrue();
                } else {
                    assertThat(Character.isLowSurrogate(c)).isFalse();
                }
            }
        }
    }

    @Test
    void textTheSuiteWritesIsStoredAsItIs() {
        for (String text : List.of("billing:read", "tok_0123456789abcdef0123456789abcdef", "My token (CI) \\ ok", "Zoë 😀")) {
            assertThat(StoredText.encode(text)).isSameAs(text);
        }
    }

    @Test
    void arrayElementsAreQuotedSoThatSyntaxIsData() {
        assertThat(StoredText.array(List.of("a:b", "x,\"y\"}\\"))).isEqualTo("{\"a:b\",\"x,\\\"y\\\"}\\\\\"}");
        assertThat(StoredText.array(null)).isEqualTo("{}");
        assertThat(StoredText.array(java.util.Arrays.asList("a:b", null))).isEqualTo("{\"a:b\"}");
    }
}

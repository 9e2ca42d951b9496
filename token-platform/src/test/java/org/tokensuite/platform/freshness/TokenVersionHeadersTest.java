package org.tokensuite.platform.freshness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVersionHeadersTest {

    @Test
    void aVersionIsDigitsOnlyAndFitsALong() {
        assertThat(TokenVersionHeaders.notOlderThan("0")).isZero();
        assertThat(TokenVersionHeaders.notOlderThan("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        for (String refused : List.of("", "-1", "+1", " 1", "1.0", "1e3", "abc", "9".repeat(19))) {
            assertThatThrownBy(() -> TokenVersionHeaders.notOlderThan(refused)).as("'%s'", refused)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("X-Not-Older-Than must be");
        }
    }
}

package org.tokensuite.api.value;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdsTest {

    @Test
    void randomTokenIdsAreValidAndDistinct() {
        TokenId a = TokenId.random();
        assertThat(TokenId.isValid(a.value())).isTrue();
        assertThat(a).isNotEqualTo(TokenId.random());
    }

    @Test
    void malformedIdsAreRefused() {
        assertThatThrownBy(() -> new TokenId("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UserId("alice.smith@corp").value()).isEqualTo("alice.smith@corp");
    }
}

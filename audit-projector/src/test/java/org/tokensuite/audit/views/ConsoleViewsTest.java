package org.tokensuite.audit.views;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.secret.TokenSecrets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleViewsTest {

    @Test
    void aQueryIsRecordedAsAskedButATokenSecretInItIsNot() {
        String secret = new TokenSecrets().generate();

        assertThat(ConsoleViews.storable("ownerId=alice&type=TokenRevoked")).isEqualTo("ownerId=alice&type=TokenRevoked");
        assertThat(ConsoleViews.storable("tokenId=" + secret + "&ownerId=bob")).isEqualTo("tokenId=[secret]&ownerId=bob");
        assertThat(ConsoleViews.storable("q=%20" + secret)).isEqualTo("q=[secret]");
        assertThat(ConsoleViews.storable("q=TKN_whatever")).isEqualTo("q=[secret]");
        assertThat(ConsoleViews.storable(null)).isNull();
        assertThat(ConsoleViews.storable("")).isNull();
    }

    @Test
    void controlCharactersAndUnpairedSurrogatesBecomeReplacementCharactersAndLongQueriesAreCut() {
        assertThat(ConsoleViews.storable("a=x\u0000y\ud800")).isEqualTo("a=x\uFFFDy\uFFFD");
        assertThat(ConsoleViews.storable("a=\ud83d\ude00")).isEqualTo("a=\ud83d\ude00");
        assertThat(ConsoleViews.storable("a=" + "x".repeat(5000))).hasSize(ConsoleViews.MAX_QUERY);
        assertThat(ConsoleViews.storable("a=%zz")).isEqualTo("a=%zz");
    }
}

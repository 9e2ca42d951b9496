package org.tokensuite.api.secret;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenSecretsTest {

    private final TokenSecrets secrets = new TokenSecrets();

    @Test
    void generatedTokenHasPrefixFixedLengthAndValidChecksum() {
        String token = secrets.generate();
        assertThat(token).startsWith("tkn_").hasSize(TokenSecrets.LENGTH).matches("tkn_[0-9A-Za-z]{49}");
        assertThat(TokenSecrets.isWellFormed(token)).isTrue();
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(secrets.generate())).isTrue();
        }
    }

    @Property(tries = 300)
    void anySingleCharacterTypoIsRejected(@ForAll @IntRange(min = 4, max = 52) int position,
                                          @ForAll @IntRange(min = 1, max = 61) int shift) {
        String token = secrets.generate();
        char original = token.charAt(position);
        int index = Base62.ALPHABET.indexOf(original);
        char typo = Base62.ALPHABET.charAt((index + shift) % 62);
        String mistyped = token.substring(0, position) + typo + token.substring(position + 1);
        assertThat(TokenSecrets.isWellFormed(mistyped)).isFalse();
    }

    @Test
    void junkAndWrongPrefixAreNotWellFormed() {
        String token = secrets.generate();
        assertThat(TokenSecrets.isWellFormed(null)).isFalse();
        assertThat(TokenSecrets.isWellFormed("")).isFalse();
        assertThat(TokenSecrets.isWellFormed("tkx_" + token.substring(4))).isFalse();
        assertThat(TokenSecrets.isWellFormed(token + "a")).isFalse();
        assertThat(TokenSecrets.isWellFormed(token.substring(0, 52) + "!")).isFalse();
    }

    @Test
    void hashIsSha256HexOfWholeTokenAndHintIsLastFour() {
        assertThat(TokenSecrets.hash("abc").value())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String token = secrets.generate();
        assertThat(TokenSecrets.hint(token)).isEqualTo(token.substring(49));
        assertThat(TokenSecrets.hash(token).matches(TokenSecrets.hash(token))).isTrue();
        assertThat(TokenSecrets.hash(token).matches(TokenSecrets.hash(secrets.generate()))).isFalse();
    }
}

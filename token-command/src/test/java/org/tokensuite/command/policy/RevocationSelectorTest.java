package org.tokensuite.command.policy;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationSelectorTest {

    private static RevocationSelector scope(String pattern) {
        return new RevocationSelector(new UserId("alice"), pattern, null, null, null, null, null, null);
    }

    @Test
    void anExactScopeAndAGlobOfOneAreAccepted() {
        assertThat(scope("deploy:run").scope()).isEqualTo("deploy:run");
        assertThat(scope("deploy:*").scope()).isEqualTo("deploy:*");
        assertThat(scope("*:read").scope()).isEqualTo("*:read");
    }

    @Test
    void aScopePatternThatCannotMatchAnyScopeIsRefusedNamingTheField() {
        for (String bad : List.of("Deploy:run", "deploy run", "deploy", "deploy:%", "")) {
            assertThatThrownBy(() -> scope(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("selector.scope");
        }
    }

    @Test
    void onlyLiveStatesMayBeSelected() {
        assertThatThrownBy(() -> new RevocationSelector(null, null, null, null, null, null, TokenState.REVOKED, null))
                .hasMessageContaining("selector.state");
        assertThat(new RevocationSelector(null, null, null, null, null, null, null, "x").states())
                .containsExactlyInAnyOrder(TokenState.ACTIVE, TokenState.SUSPENDED);
    }

    @Test
    void anEmptyRangeOfIssueTimesIsRefused() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertThatThrownBy(() -> new RevocationSelector(null, null, null, now, now, null, null, null))
                .hasMessageContaining("selector.issuedAfter");
    }

    @Test
    void onlyASelectorBoundToAnOwnerOrAnIssuerStaysWithinOrdinaryReach() {
        assertThat(scope("deploy:*").needsAdmin()).isFalse();
        assertThat(new RevocationSelector(null, null, new TokenId("tok_0123456789abcdef0123456789abcdef"), null, null, null, null, null)
                .needsAdmin()).isFalse();
        assertThat(new RevocationSelector(null, "deploy:*", null, null, null, null, null, null).needsAdmin()).isTrue();
        assertThat(new RevocationSelector(null, null, null, null, null, null, null, null).isEmpty()).isTrue();
    }

    @Test
    void theCanonicalRenderingHasAFixedOrderAndQuotesTheName() {
        RevocationSelector selector = new RevocationSelector(new UserId("alice"), "deploy:*", null,
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), null, TokenState.ACTIVE, "ci \"x\"*");
        assertThat(selector.canonical()).isEqualTo("owner=alice scope=deploy:* issuedAfter=2026-11-01T00:00:00Z "
                + "issuedBefore=2026-12-01T10:00:00Z state=active name=\"ci \\\"x\\\"*\"");
    }

    @Test
    void theLikePatternEscapesWhatLikeWouldOtherwiseTreatAsWildcards() {
        assertThat(RevocationSelector.likePattern("deploy:*")).isEqualTo("deploy:%");
        assertThat(RevocationSelector.likePattern("50%_off?\\")).isEqualTo("50\\%\\_off_\\\\");
    }

    @Test
    void theFingerprintDependsOnTheSetOfIdsNotTheirOrder() {
        assertThat(RevocationSelector.fingerprint(List.of("b", "a"))).isEqualTo(RevocationSelector.fingerprint(List.of("a", "b")));
        assertThat(RevocationSelector.fingerprint(List.of("a", "b"))).isNotEqualTo(RevocationSelector.fingerprint(List.of("a", "c")));
    }
}

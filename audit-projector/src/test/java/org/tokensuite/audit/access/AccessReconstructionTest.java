package org.tokensuite.audit.access;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Scope;
import org.tokensuite.audit.projection.RecordedEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.audit.access.Events.expired;
import static org.tokensuite.audit.access.Events.issued;
import static org.tokensuite.audit.access.Events.leaveEnded;
import static org.tokensuite.audit.access.Events.leaveStarted;
import static org.tokensuite.audit.access.Events.offboarded;
import static org.tokensuite.audit.access.Events.reinstated;
import static org.tokensuite.audit.access.Events.rescoped;
import static org.tokensuite.audit.access.Events.revoked;
import static org.tokensuite.audit.access.Events.rotated;
import static org.tokensuite.audit.access.Events.suspended;

/**
 * One scripted history, asked about at many instants where the right answer is known:
 * A (alice) starts at T1, is re-scoped at T10, rotated at T20 with overlap to T22, paused by
 * alice's leave T45-T47 and expires at T100; B (alice) is revoked at T40; C (bob) is suspended
 * T30-T35 and bob is offboarded at T60 (C is revoked 3 s later).
 */
class AccessReconstructionTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String A = "tok_" + "a".repeat(31) + "1";
    private static final String B = "tok_" + "b".repeat(31) + "2";
    private static final String C = "tok_" + "c".repeat(31) + "3";

    private static final List<RecordedEvent> HISTORY = List.of(
            issued(A, "alice", t(0), t(1), t(100), "aaa1", "billing:*"),
            issued(B, "alice", t(0), null, t(50), "bbb1", "reports:read"),
            issued(C, "bob", t(0), null, t(200), "ccc1", "billing:read"),
            rescoped(A, "alice", t(10), "billing:read", "reports:read"),
            rotated(A, "alice", t(20), "aaa2", t(22)),
            suspended(C, "bob", t(30)),
            reinstated(C, "bob", t(35)),
            revoked(B, "alice", t(40)),
            leaveStarted("alice", t(45)),
            leaveEnded("alice", t(47)),
            offboarded("bob", t(60)),
            revoked(C, "bob", t(60).plusSeconds(3)),
            expired(A, "alice", t(100)));

    private static Instant t(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static List<ValidToken> at(Instant at, String scope, String owner) {
        AccessReconstruction reconstruction = new AccessReconstruction(at);
        HISTORY.forEach(reconstruction::apply);
        return reconstruction.validTokens(scope == null ? null : Scope.of(scope), owner);
    }

    private static List<String> ids(Instant at) {
        return at(at, null, null).stream().map(ValidToken::tokenId).toList();
    }

    private static ValidToken tokenA(Instant at) {
        return at(at, null, "alice").stream().filter(v -> v.tokenId().equals(A)).findFirst().orElseThrow();
    }

    @Test
    void nothingVerifiedBeforeTheFirstIssue() {
        assertThat(ids(t(0).minusSeconds(1))).isEmpty();
    }

    @Test
    void aTokenVerifiesFromNotBeforeNotFromIssue() {
        assertThat(ids(t(0))).containsExactly(B, C);
        assertThat(ids(t(1))).containsExactly(A, B, C);
    }

    @Test
    void wildcardScopeGivesAccessToEveryActionOfItsSystem() {
        assertThat(at(t(5), "billing:write", null)).extracting(ValidToken::tokenId).containsExactly(A);
        assertThat(at(t(5), "billing:read", null)).extracting(ValidToken::tokenId)
                .containsExactly(A, C);
    }

    @Test
    void scopesAreThoseHeldAtTheInstantAfterRescoping() {
        assertThat(tokenA(t(9)).scopes()).containsExactly("billing:*");
        assertThat(tokenA(t(10)).scopes()).containsExactly("billing:read", "reports:read");
        assertThat(at(t(10), "billing:write", null)).isEmpty();
        assertThat(at(t(10), "reports:read", null)).extracting(ValidToken::tokenId)
                .containsExactly(A, B);
    }

    @Test
    void aRecordedValueThatIsNotAScopeTodayIsShownButCoversNothing() {
        AccessReconstruction reconstruction = new AccessReconstruction(t(1));
        reconstruction.apply(issued(A, "alice", t(0), null, t(5), "old1", "Billing:*", "reports:read"));

        assertThat(reconstruction.validTokens(null, null).get(0).scopes()).containsExactly("Billing:*", "reports:read");
        assertThat(reconstruction.validTokens(Scope.of("billing:read"), null)).isEmpty();
        assertThat(reconstruction.validTokens(Scope.of("reports:read"), null)).hasSize(1);
    }

    @Test
    void rotationKeepsTheTokenValidAndBothSecretsVerifyDuringTheOverlap() {
        assertThat(tokenA(t(19)).hints()).containsExactly("aaa1");
        assertThat(tokenA(t(20)).hints()).containsExactly("aaa2", "aaa1");
        assertThat(tokenA(t(22).minusSeconds(1)).hints()).containsExactly("aaa2", "aaa1");
        assertThat(tokenA(t(22)).hints()).containsExactly("aaa2");
        assertThat(tokenA(t(22)).lastRotatedAt()).isEqualTo(t(20));
    }

    @Test
    void suspendedTokenDoesNotVerifyUntilReinstated() {
        assertThat(ids(t(29))).contains(C);
        assertThat(ids(t(30))).doesNotContain(C);
        assertThat(ids(t(34))).doesNotContain(C);
        assertThat(ids(t(35))).contains(C);
    }

    @Test
    void revokedTokenNoLongerVerifies() {
        assertThat(ids(t(40).minusMillis(1))).contains(B);
        assertThat(ids(t(40))).doesNotContain(B);
        assertThat(ids(t(60))).doesNotContain(B);
    }

    @Test
    void ownerOnLeaveHasNoValidTokensUntilTheLeaveEnds() {
        assertThat(at(t(46), null, "alice")).isEmpty();
        assertThat(at(t(47), null, "alice")).extracting(ValidToken::tokenId).containsExactly(A);
    }

    @Test
    void offboardedOwnersTokensDoNotCountEvenBeforeTheirRevocationArrives() {
        assertThat(ids(t(60).minusSeconds(1))).contains(C);
        assertThat(ids(t(60))).doesNotContain(C);
        assertThat(ids(t(60).plusSeconds(1))).doesNotContain(C);
    }

    @Test
    void tokenStopsVerifyingAtItsExpiry() {
        assertThat(ids(t(100).minusSeconds(1))).containsExactly(A);
        assertThat(ids(t(100))).isEmpty();
    }

    @Test
    void ownerFilterKeepsOnlyThatOwnersTokens() {
        assertThat(at(t(5), null, "bob")).extracting(ValidToken::tokenId).containsExactly(C);
    }

    @Test
    void validTokenCarriesOwnerNameAndValidityWindow() {
        ValidToken a = tokenA(t(5));
        assertThat(a.ownerId()).isEqualTo("alice");
        assertThat(a.name()).isEqualTo("name-aaa1");
        assertThat(a.validFrom()).isEqualTo(t(1));
        assertThat(a.expiresAt()).isEqualTo(t(100));
        assertThat(a.issuedAt()).isEqualTo(t(0));
    }
}

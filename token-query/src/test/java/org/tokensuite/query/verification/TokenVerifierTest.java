package org.tokensuite.query.verification;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.value.Scope;
import org.tokensuite.query.index.TokenIndex;
import org.tokensuite.query.support.Events.TestEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tokensuite.query.support.Events.*;

/** The in-memory index and the verdicts drawn from it, event type by event type. */
class TokenVerifierTest {

    private final TokenIndex index = new TokenIndex();
    private final TokenVerifier verifier = new TokenVerifier(index);
    private final String owner = newOwner();
    private final String id = newTokenId();
    private final String secret = newSecret();
    private long sequence;

    private void apply(TestEvent event) {
        index.apply(event.change(), sequence++);
    }

    private void apply(TestEvent event, long sequence) {
        index.apply(event.change(), sequence);
    }

    private Verdict verdict(String token) {
        return verdict(token, Instant.now(), "127.0.0.1");
    }

    private Verdict verdict(String token, Instant at, String address) {
        return verifier.verify(token, at.getEpochSecond(), () -> address).verdict();
    }

    @Test
    void issuedTokenVerifiesWithItsScopesAndOwner() {
        apply(issued(id, owner, secret, "billing:read", "billing:write"));

        Verification verification = verifier.verify(secret, Instant.now().getEpochSecond(), () -> "127.0.0.1");
        assertThat(verification.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(verification.token().tokenId()).isEqualTo(id);
        assertThat(verification.token().owner().id()).isEqualTo(owner);
        assertThat(verification.token().scopes().spaceSeparated()).isEqualTo("billing:read billing:write");
    }

    @Test
    void malformedTokensAndBadChecksumsAreRejectedBeforeAnyLookup() {
        apply(issued(id, owner, secret, "billing:read"));
        String badChecksum = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertThat(verdict("not-a-token")).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict(badChecksum)).isEqualTo(Verdict.MALFORMED);
        assertThat(verdict("")).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void aWellFormedButUnknownSecretIsUnknown() {
        apply(issued(id, owner, secret, "billing:read"));

        assertThat(verdict(newSecret())).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void revokedTokenNoLongerVerifies() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(revoked(id, owner));

        assertThat(verdict(secret)).isEqualTo(Verdict.REVOKED);
    }

    @Test
    void suspendedTokenVerifiesAgainOnceReinstated() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(suspended(id, owner));
        assertThat(verdict(secret)).isEqualTo(Verdict.SUSPENDED);

        apply(reinstated(id, owner));
        assertThat(verdict(secret)).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void expiredEventMakesTheTokenInactive() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(expired(id, owner));

        assertThat(verdict(secret)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void tokenPastItsExpiryIsInactiveBeforeAnyExpiredEvent() {
        Instant expiresAt = Instant.now().plus(Duration.ofHours(1));
        apply(issued(id, owner, secret, null, expiresAt, List.of(), "billing:read"));

        assertThat(verdict(secret, expiresAt.minusSeconds(1), "127.0.0.1")).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(secret, expiresAt, "127.0.0.1")).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void tokenIsNotValidBeforeItsNotBefore() {
        Instant notBefore = Instant.now().plus(Duration.ofHours(1)).plusMillis(300);
        apply(issued(id, owner, secret, notBefore, notBefore.plus(Duration.ofDays(1)), List.of(), "billing:read"));

        assertThat(verdict(secret)).isEqualTo(Verdict.NOT_YET_VALID);
        assertThat(verdict(secret, notBefore, "127.0.0.1")).isEqualTo(Verdict.NOT_YET_VALID); // rounds up, never early
        assertThat(verdict(secret, notBefore.plusSeconds(1), "127.0.0.1")).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void rotatedOutSecretVerifiesOnlyUntilTheEndOfTheOverlap() {
        apply(issued(id, owner, secret, "billing:read"));
        String next = newSecret();
        Instant overlapEnd = Instant.now().plus(Duration.ofMinutes(10));
        apply(rotated(id, owner, secret, next, overlapEnd));

        assertThat(verdict(next)).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(secret)).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(secret, overlapEnd, "127.0.0.1")).isEqualTo(Verdict.ROTATED_OUT);
        assertThat(verdict(next, overlapEnd, "127.0.0.1")).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void unreadableValuesInAnEventNeverStopTheIndexAndNeverOpenAToken() {
        TestEvent badHash = issued(id, owner, secret, "billing:read");
        badHash.payload().put("secretHash", "not-hex\u0000");
        apply(badHash);
        assertThat(index.token(id)).isNotNull();
        assertThat(verdict(secret)).isEqualTo(Verdict.UNKNOWN);

        String boundId = newTokenId();
        String bound = newSecret();
        apply(issued(boundId, owner, bound, null, Instant.now().plus(Duration.ofDays(1)),
                java.util.Arrays.asList("not a cidr", null, "10.0.0.0/99"), "billing:read"));
        assertThat(verdict(bound, Instant.now(), "10.1.2.3")).isEqualTo(Verdict.ADDRESS_NOT_ALLOWED);
        assertThat(verdict(bound, Instant.now(), "127.0.0.1")).isEqualTo(Verdict.ADDRESS_NOT_ALLOWED);

        String partlyId = newTokenId();
        String partly = newSecret();
        apply(issued(partlyId, owner, partly, null, Instant.now().plus(Duration.ofDays(1)),
                java.util.Arrays.asList("garbage", "10.0.0.0/8"), "billing:read", null));
        assertThat(verdict(partly, Instant.now(), "10.1.2.3")).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(partly, Instant.now(), "192.0.2.1")).isEqualTo(Verdict.ADDRESS_NOT_ALLOWED);

        String next = newSecret();
        TestEvent badRotation = rotated(partlyId, owner, partly, next, Instant.now().plus(Duration.ofMinutes(5)));
        badRotation.payload().put("secretHash", "zz".repeat(32));
        apply(badRotation);
        assertThat(verdict(next, Instant.now(), "10.1.2.3")).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict(partly, Instant.now(), "10.1.2.3")).isEqualTo(Verdict.ACTIVE); // the overlap as announced
    }

    @Test
    void anOwnerIdThatIsNoUserIdCannotReshapeTheIntrospectionAnswer() throws Exception {
        String odd = "x\",\"scope\":\"tokens:admin\u0000\uD800";
        apply(issued(id, odd, secret, "billing:read"));

        Verification verification = verifier.verify(secret, Instant.now().getEpochSecond(), () -> "127.0.0.1");
        assertThat(verification.token().hasCanonicalIds()).isFalse();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                new String(verification.token().owner().subJson(), java.nio.charset.StandardCharsets.US_ASCII).substring(1)
                        .replaceFirst("^", "{") + "}");
        assertThat(json.get("sub").asText()).isEqualTo(odd);
        assertThat(json.size()).isEqualTo(1);
    }

    @Test
    void onlyThePreviousSecretOfARotationIsSuperseded() {
        apply(issued(id, owner, secret, "billing:read"));
        long now = Instant.now().getEpochSecond();
        assertThat(verifier.verify(secret, now, () -> "127.0.0.1").superseded()).isFalse();
        String next = newSecret();
        apply(rotated(id, owner, secret, next, Instant.now().plus(Duration.ofMinutes(10))));

        Verification previous = verifier.verify(secret, now, () -> "127.0.0.1");
        assertThat(previous.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(previous.superseded()).isTrue();
        assertThat(verifier.verify(next, now, () -> "127.0.0.1").superseded()).isFalse();
    }

    @Test
    void aSecondRotationForgetsTheFirstSecret() {
        apply(issued(id, owner, secret, "billing:read"));
        String second = newSecret();
        String third = newSecret();
        apply(rotated(id, owner, secret, second, Instant.now().plus(Duration.ofMinutes(10))));
        apply(rotated(id, owner, second, third, Instant.now().plus(Duration.ofMinutes(10))));

        assertThat(verdict(secret)).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict(second)).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(third)).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void rotateThenRevokeLeavesNeitherSecretActive() {
        apply(issued(id, owner, secret, "billing:read"));
        String next = newSecret();
        apply(rotated(id, owner, secret, next, Instant.now().plus(Duration.ofMinutes(10))));
        apply(revoked(id, owner));

        assertThat(verdict(secret)).isEqualTo(Verdict.REVOKED);
        assertThat(verdict(next)).isEqualTo(Verdict.REVOKED);
    }

    @Test
    void expireThenRevokeStaysExpiredAndNothingBringsItBack() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(expired(id, owner));
        apply(revoked(id, owner));
        apply(reinstated(id, owner));

        assertThat(verdict(secret)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void revokeThenSuspendAndReinstateStaysRevoked() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(revoked(id, owner));
        apply(suspended(id, owner));
        apply(reinstated(id, owner));

        assertThat(verdict(secret)).isEqualTo(Verdict.REVOKED);
    }

    @Test
    void changedScopesReplaceTheOldOnes() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(scopesChanged(id, owner, "narrow", "billing:write"));

        var token = verifier.verify(secret, Instant.now().getEpochSecond(), () -> null).token();
        assertThat(token.scopes().holds(Scope.of("billing:write"))).isTrue();
        assertThat(token.scopes().holds(Scope.of("billing:read"))).isFalse();
    }

    @Test
    void dueRotationBringsExpiryForwardUntilTheTokenIsRotated() {
        apply(issued(id, owner, secret, "billing:read"));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        apply(rotationDue(id, owner, deadline));
        assertThat(verdict(secret, deadline, "127.0.0.1")).isEqualTo(Verdict.EXPIRED);

        String next = newSecret();
        apply(rotated(id, owner, secret, next, Instant.now().plus(Duration.ofMinutes(1))));
        assertThat(verdict(next, deadline, "127.0.0.1")).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void offboardingStopsEveryTokenOfTheOwnerAtOnceAndForever() {
        String other = newTokenId();
        String otherSecret = newSecret();
        apply(issued(id, owner, secret, "billing:read"));
        apply(issued(other, owner, otherSecret, "billing:write"), 0L);
        apply(offboarded(owner), 0L);
        apply(leaveEnded(owner), 1L);

        assertThat(verdict(secret)).isEqualTo(Verdict.OWNER_OFFBOARDED);
        assertThat(verdict(otherSecret)).isEqualTo(Verdict.OWNER_OFFBOARDED);
    }

    @Test
    void leaveStopsEveryTokenOfTheOwnerUntilItEnds() {
        apply(issued(id, owner, secret, "billing:read"));
        apply(leaveStarted(owner), 0L);
        assertThat(verdict(secret)).isEqualTo(Verdict.OWNER_ON_LEAVE);

        apply(leaveEnded(owner), 1L);
        assertThat(verdict(secret)).isEqualTo(Verdict.ACTIVE);
    }

    @Test
    void tokenWithAllowedNetworksVerifiesOnlyFromThem() {
        apply(issued(id, owner, secret, null, Instant.now().plus(Duration.ofDays(1)),
                List.of("10.0.0.0/8", "2001:db8::/32"), "billing:read"));

        assertThat(verdict(secret, Instant.now(), "10.1.2.3")).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(secret, Instant.now(), "2001:db8::1")).isEqualTo(Verdict.ACTIVE);
        assertThat(verdict(secret, Instant.now(), "192.168.1.1")).isEqualTo(Verdict.ADDRESS_NOT_ALLOWED);
        assertThat(verdict(secret, Instant.now(), null)).isEqualTo(Verdict.ADDRESS_NOT_ALLOWED);
    }

    @Test
    void republishedIssuedEventDoesNotResurrectARevokedToken() {
        apply(issued(id, owner, secret, "billing:read"), 0L);
        apply(revoked(id, owner), 1L);
        apply(issued(id, owner, secret, "billing:read"), 0L);

        assertThat(verdict(secret)).isEqualTo(Verdict.REVOKED);
    }

    @Test
    void republishedOlderEventsAreSkipped() {
        apply(issued(id, owner, secret, "billing:read"), 0L);
        apply(suspended(id, owner), 1L);
        apply(reinstated(id, owner), 2L);
        apply(suspended(id, owner), 1L); // the producer re-sent an old one after a crash

        assertThat(verdict(secret)).isEqualTo(Verdict.ACTIVE);
    }
}

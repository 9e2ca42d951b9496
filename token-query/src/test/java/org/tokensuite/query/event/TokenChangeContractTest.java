package org.tokensuite.query.event;

import org.junit.jupiter.api.Test;
import org.tokensuite.api.event.EventSamples;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.api.event.TokenExpired;
import org.tokensuite.api.event.TokenIssued;
import org.tokensuite.api.event.TokenReinstated;
import org.tokensuite.api.event.TokenRevoked;
import org.tokensuite.api.event.TokenRotated;
import org.tokensuite.api.event.TokenRotationDue;
import org.tokensuite.api.event.TokenScopesChanged;
import org.tokensuite.api.event.TokenSuspended;
import org.tokensuite.api.event.UserLeaveEnded;
import org.tokensuite.api.event.UserLeaveStarted;
import org.tokensuite.api.event.UserOffboarded;
import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenHash;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * token-query's lean reader against the shared samples (token-api's {@code events/}, written by the platform's
 * wire format): every sample of a type it reacts to reads into the change its record instance describes, the
 * others are ignored. A changed event record changes its sample, and then this test shows what the reader misses.
 */
class TokenChangeContractTest {

    private static final Instant RECORDED = Instant.parse("2020-01-01T00:00:00Z");

    private final TokenChangeReader reader = new TokenChangeReader();

    @Test
    void everySampleOfAConsumedTypeReadsIntoTheChangeItsRecordDescribes() throws IOException {
        for (EventSamples.Sample sample : EventSamples.all()) {
            TokenChange read = reader.read(sample.type(), sample.payload(), RECORDED);
            assertThat(read).as(sample.resource()).isEqualTo(expected(sample.event()));
        }
    }

    @Test
    void everyConsumedTypeHasASampleAndItsOwnRecordClass() {
        Set<Class<? extends TokenEvent>> sampled = EventSamples.events().stream()
                .map(TokenEvent::getClass).collect(Collectors.toSet());
        assertThat(Arrays.stream(ChangeType.values()).map(ChangeType::eventType)).allMatch(sampled::contains);
        for (ChangeType type : ChangeType.values()) {
            assertThat(ChangeType.ofClassName(EventSamples.of(type.eventType()).type())).isEqualTo(type);
        }
    }

    /** What the instance says, in the reader's terms; null for a type token-query does not react to. */
    private static TokenChange expected(TokenEvent event) {
        if (event instanceof TokenIssued e) {
            return new TokenChange(ChangeType.TOKEN_ISSUED, e.tokenId().value(), e.ownerId().value(), e.name(),
                    scopes(e.scopes()), hash(e.secretHash()), e.hint(), e.notBefore(), e.expiresAt(),
                    e.allowedCidrs().stream().map(Cidr::value).toList(),
                    e.rotation().every().toString(), e.rotation().overlap().toString(),
                    null, null, null, null, null, e.occurredAt());
        }
        if (event instanceof TokenScopesChanged e) {
            return token(ChangeType.TOKEN_SCOPES_CHANGED, e.tokenId().value(), e.ownerId().value(), scopes(e.scopes()),
                    null, null, null, null, null, null, null, e.occurredAt());
        }
        if (event instanceof TokenRotated e) {
            return token(ChangeType.TOKEN_ROTATED, e.tokenId().value(), e.ownerId().value(), null, hash(e.secretHash()),
                    e.hint(), hash(e.previousSecretHash()), e.previousValidUntil(), e.nextRotationDue(), null, null,
                    e.occurredAt());
        }
        if (event instanceof TokenRotationDue e) {
            return token(ChangeType.TOKEN_ROTATION_DUE, e.tokenId().value(), e.ownerId().value(), null, null, null, null,
                    null, null, e.dueAt(), e.expiresUnlessRotatedBy(), e.occurredAt());
        }
        if (event instanceof TokenRevoked e) {
            return bare(ChangeType.TOKEN_REVOKED, e.tokenId().value(), e.ownerId().value(), e.occurredAt());
        }
        if (event instanceof TokenExpired e) {
            return bare(ChangeType.TOKEN_EXPIRED, e.tokenId().value(), e.ownerId().value(), e.occurredAt());
        }
        if (event instanceof TokenSuspended e) {
            return bare(ChangeType.TOKEN_SUSPENDED, e.tokenId().value(), e.ownerId().value(), e.occurredAt());
        }
        if (event instanceof TokenReinstated e) {
            return bare(ChangeType.TOKEN_REINSTATED, e.tokenId().value(), e.ownerId().value(), e.occurredAt());
        }
        if (event instanceof UserOffboarded e) {
            return bare(ChangeType.USER_OFFBOARDED, null, e.userId().value(), e.occurredAt());
        }
        if (event instanceof UserLeaveStarted e) {
            return bare(ChangeType.USER_LEAVE_STARTED, null, e.userId().value(), e.occurredAt());
        }
        if (event instanceof UserLeaveEnded e) {
            return bare(ChangeType.USER_LEAVE_ENDED, null, e.userId().value(), e.occurredAt());
        }
        return null;
    }

    private static TokenChange token(ChangeType type, String tokenId, String ownerId, List<String> scopes,
                                     String secretHash, String hint, String previousSecretHash,
                                     Instant previousValidUntil, Instant nextRotationDue, Instant dueAt,
                                     Instant expiresUnlessRotatedBy, Instant occurredAt) {
        return new TokenChange(type, tokenId, ownerId, null, scopes, secretHash, hint, null, null, null, null, null,
                previousSecretHash, previousValidUntil, nextRotationDue, dueAt, expiresUnlessRotatedBy, occurredAt);
    }

    private static TokenChange bare(ChangeType type, String tokenId, String ownerId, Instant occurredAt) {
        return token(type, tokenId, ownerId, null, null, null, null, null, null, null, null, occurredAt);
    }

    /** In the instance's (and so the payload's) order. */
    private static List<String> scopes(Collection<Scope> scopes) {
        return scopes.stream().map(Scope::value).toList();
    }

    private static String hash(TokenHash hash) {
        return hash.value();
    }
}

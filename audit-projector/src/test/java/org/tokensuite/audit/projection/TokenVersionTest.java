package org.tokensuite.audit.projection;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Only an event of the token's own aggregate tells a version of that token; a reader waits on nothing else. */
class TokenVersionTest {

    private static final String TOKEN = "tok_0123456789abcdef0123456789abcdef";

    @Test
    void aTokensOwnEventRecordsItsSequenceNumberAsTheTokensVersion() {
        assertThat(AuditLogProjection.tokenVersion(new GenericDomainEventMessage<>("Token", TOKEN, 3, "revoked"), TOKEN))
                .isEqualTo(3L);
        assertThat(AuditLogProjection.tokenVersion(new GenericDomainEventMessage<>("Token", TOKEN, 0, "issued"), TOKEN))
                .isZero();
    }

    @Test
    void eventsOfOtherAggregatesOtherTokensOrNoAggregateRecordNoVersion() {
        assertThat(AuditLogProjection.tokenVersion(new GenericDomainEventMessage<>("UserAccount", "alice", 3, "left"), TOKEN))
                .isNull();
        assertThat(AuditLogProjection.tokenVersion(new GenericDomainEventMessage<>("Token", TOKEN.replace('0', 'f'), 3, "x"), TOKEN))
                .isNull();
        assertThat(AuditLogProjection.tokenVersion(new GenericDomainEventMessage<>("Token", TOKEN, 3, "x"), null)).isNull();
        assertThat(AuditLogProjection.tokenVersion(GenericEventMessage.asEventMessage("signal"), TOKEN)).isNull();
    }
}

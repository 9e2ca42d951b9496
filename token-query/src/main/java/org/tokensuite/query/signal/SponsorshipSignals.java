package org.tokensuite.query.signal;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.stereotype.Component;
import org.tokensuite.api.event.ServiceAccountOrphanWarning;
import org.tokensuite.api.event.ServiceAccountOrphaned;
import org.tokensuite.api.event.ServiceAccountSponsorLost;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.query.projection.TokenViewProjection;
import org.tokensuite.query.settings.TokensProperties;

/**
 * A service account losing its sponsor is a security signal: whoever watches {@code token-signals} (the
 * owners' notifications, an on-call channel) learns of the orphaning, each reminder and the suspension, as token-
 * command recorded them on {@code token-events}, with the same message id. Not while the view is replayed (they
 * went out the first time).
 */
@Component
@ProcessingGroup(TokenViewProjection.GROUP)
public class SponsorshipSignals {

    private final SignalPublisher publisher;
    private final String topic;

    public SponsorshipSignals(SignalPublisher publisher, TokensProperties properties) {
        this.publisher = publisher;
        this.topic = properties.topics().signals();
    }

    @EventHandler
    void on(ServiceAccountOrphaned event, EventMessage<ServiceAccountOrphaned> message, ReplayStatus replay) {
        forward(message, replay);
    }

    @EventHandler
    void on(ServiceAccountOrphanWarning event, EventMessage<ServiceAccountOrphanWarning> message, ReplayStatus replay) {
        forward(message, replay);
    }

    @EventHandler
    void on(ServiceAccountSponsorLost event, EventMessage<ServiceAccountSponsorLost> message, ReplayStatus replay) {
        forward(message, replay);
    }

    private void forward(EventMessage<? extends TokenEvent> message, ReplayStatus replay) {
        if (!replay.isReplay()) {
            publisher.republish(topic, message);
        }
    }
}

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
import org.tokensuite.api.event.TokenLeaked;
import org.tokensuite.query.projection.TokenViewProjection;
import org.tokensuite.query.settings.TokensProperties;

/**
 * Security signals token-command records: a leaked token, and a service account losing its sponsor. Whoever
 * watches {@code token-signals} (the owners' notifications, an on-call channel) learns of them as token-command
 * recorded them on {@code token-events}, with the same message id (the audit log, reading both topics, keeps one).
 * Not while the view is replayed (they went out the first time).
 */
@Component
@ProcessingGroup(TokenViewProjection.GROUP)
public class ForwardedSignals {

    private final SignalPublisher publisher;
    private final String topic;

    public ForwardedSignals(SignalPublisher publisher, TokensProperties properties) {
        this.publisher = publisher;
        this.topic = properties.topics().signals();
    }

    @EventHandler
    void on(TokenLeaked event, EventMessage<TokenLeaked> message, ReplayStatus replay) {
        forward(message, replay);
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

package org.tokensuite.command.config;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.tokensuite.api.event.TokenEvent;
import org.tokensuite.command.catalogue.CatalogueRegistry;
import org.tokensuite.command.unitofwork.SharedCommitTransactions;
import org.tokensuite.command.user.UserPolicies;
import org.tokensuite.command.user.UserRegistry;

/** Axon wiring that application.yml cannot express. */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    static final int PUBLISHING_BATCH_SIZE = 100;

    /**
     * Spring's transactions, as Axon's default, except that a command handled inside a shared commit (issues,
     * rotations and revocations committed together) joins the shared transaction instead of opening its own.
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SharedCommitTransactions(new SpringTransactionManager(transactionManager));
    }

    /**
     * Records on {@code token-events} are keyed by owner id, so each owner's events keep their
     * order on one partition. The payload, type and revision are the event serializer's: token-platform's
     * {@code EventWireFormat} (see {@link JsonConfig}).
     */
    @Bean
    public KafkaMessageConverter<String, byte[]> kafkaMessageConverter(
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration) {
        EventUpcasterChain upcasters = configuration.upcasterChain() != null
                ? configuration.upcasterChain() : new EventUpcasterChain();
        return DefaultKafkaMessageConverter.builder()
                .serializer(eventSerializer)
                .upcasterChain(upcasters)
                .sequencingPolicy(event -> event.getPayload() instanceof TokenEvent tokenEvent
                        ? tokenEvent.ownerId().value()
                        : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event))
                .build();
    }

    /**
     * The Kafka publisher's tracking processor takes what is there, up to 100 events, per unit of work: one
     * wait for the broker's acknowledgements and one token update per batch instead of per event (under load
     * the per-event round trips were a share of every command's cost). The extension registers the processor
     * itself, so its settings are not reachable from application.yml.
     */
    @Bean
    public ConfigurerModule batchKafkaPublishing() {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(PUBLISHING_BATCH_SIZE));
    }

    /**
     * A failure in these handlers must not be logged and skipped: the registry's failure rolls
     * the command back; the policies' failure makes the tracking processor retry the event.
     */
    @Bean
    public ConfigurerModule propagateHandlerFailures() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(UserRegistry.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(CatalogueRegistry.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(UserPolicies.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }
}

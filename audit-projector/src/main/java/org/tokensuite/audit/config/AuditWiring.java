package org.tokensuite.audit.config;

import org.tokensuite.audit.settings.CheckpointProperties;
import org.tokensuite.audit.settings.AuditProperties;
import org.tokensuite.audit.settings.ConsoleProperties;
import org.tokensuite.audit.settings.ReadYourWritesProperties;
import org.tokensuite.audit.settings.HealthProperties;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventBus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.audit.checkpoint.SigningKey;
import org.tokensuite.audit.checkpoint.SigningKeyFile;
import org.tokensuite.audit.progress.ProcessorErrors;
import org.tokensuite.audit.projection.AuditLogProjection;
import org.tokensuite.audit.usage.LastUseProjection;

/** Wiring that application.yml cannot express. */
@Configuration
@EnableConfigurationProperties({AuditProperties.class, HealthProperties.class, CheckpointProperties.class,
        ConsoleProperties.class, ReadYourWritesProperties.class})
public class AuditWiring {

    /**
     * This service stores no events of its own (it reads token-events from Kafka): a plain event
     * bus keeps Axon's JDBC auto-configuration from creating an event store it would never use.
     */
    @Bean
    public EventBus eventBus() {
        return SimpleEventBus.builder().build();
    }

    /**
     * A failing entry must stop the projector (and be retried), never be logged and skipped:
     * the default handler would advance the token past an event the audit log never recorded.
     */
    @Autowired
    public void propagateHandlerErrors(EventProcessingConfigurer processing, ProcessorErrors errors) {
        for (String group : new String[]{AuditLogProjection.PROCESSING_GROUP, LastUseProjection.PROCESSING_GROUP}) {
            processing.registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
            // A handler's error fails the batch too, as does the commit (AuditLogWriter writes the entries then):
            // remembered first, so a stall is reported with its cause (ProcessorProgress).
            processing.registerErrorHandler(group, configuration -> context -> {
                errors.record(group, context.error());
                PropagatingErrorHandler.instance().handleError(context);
            });
        }
    }

    /** Read (or, the first time, created) once at start; its key id is logged, never the key. */
    @Bean
    public SigningKey checkpointSigningKey(CheckpointProperties checkpoints) {
        return SigningKeyFile.loadOrCreate(checkpoints.keyFile());
    }
}

package org.tokensuite.command.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tokensuite.command.eventstore.PrefetchingEventStorageEngine;

/**
 * The event store's engine: {@link PrefetchingEventStorageEngine}, set up as Axon's JDBC auto-configuration sets up
 * its own (which steps aside when this bean exists).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class EventStoreConfig {

    @Bean
    public PrefetchingEventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                            PersistenceExceptionResolver persistenceExceptionResolver,
                                                            @Qualifier("eventSerializer") Serializer eventSerializer,
                                                            Configuration configuration, ConnectionProvider connectionProvider,
                                                            TransactionManager transactionManager, JdbcTemplate jdbc) {
        // Axon's default table and column names, which the Flyway migrations create.
        EventSchema eventSchema = new EventSchema();
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema);
        return new PrefetchingEventStorageEngine(builder, eventSchema, jdbc);
    }
}

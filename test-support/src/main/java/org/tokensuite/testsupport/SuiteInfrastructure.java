package org.tokensuite.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at a real broker and a fresh database. Call it from a test class's
 * {@code @DynamicPropertySource} method; each class gets its own database.
 */
public final class SuiteInfrastructure {

    private SuiteInfrastructure() {
    }

    public static TestDatabase register(DynamicPropertyRegistry registry, String databaseLabel) {
        TestDatabase database = TestDatabase.create(databaseLabel);
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("axon.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        return database;
    }
}

package org.tokensuite.testsupport;

import org.flywaydb.core.Flyway;

import java.util.Map;

/** A fresh database with the calling module's Flyway migrations ({@code classpath:db/migration}) applied, without starting the service. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** {@code placeholders}: the values the module's migrations name (its application.yml gives them to Flyway). */
    public static TestDatabase create(String label, Map<String, String> placeholders) {
        TestDatabase database = TestDatabase.create(label);
        Flyway.configure().dataSource(database.url(), database.username(), database.password())
                .placeholders(placeholders).load().migrate();
        return database;
    }
}

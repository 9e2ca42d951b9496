package org.tokensuite.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabasesTest {

    @Test
    void aServiceDatabaseLivesOnTheSameServerAsTheAdminDatabase() {
        Databases databases = new Databases("jdbc:postgresql://db.example:5433/postgres", "u", "p");

        assertThat(databases.urlOf("tokens_command")).isEqualTo("jdbc:postgresql://db.example:5433/tokens_command");
    }

    @Test
    void connectionParametersAreKeptForServiceDatabases() {
        Databases databases = new Databases("jdbc:postgresql://127.0.0.1:5432/postgres?sslmode=disable", "u", "p");

        assertThat(databases.urlOf("tokens_query")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/tokens_query?sslmode=disable");
    }

    @Test
    void aServerUrlWithoutDatabaseStillNamesTheServiceDatabase() {
        Databases databases = new Databases("jdbc:postgresql://127.0.0.1:5432", "u", "p");

        assertThat(databases.urlOf("tokens_audit")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/tokens_audit");
    }
}

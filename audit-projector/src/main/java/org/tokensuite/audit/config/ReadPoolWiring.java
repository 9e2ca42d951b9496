package org.tokensuite.audit.config;

import org.tokensuite.audit.settings.ExportProperties;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokensuite.audit.store.ReadPool;

/** The readers' own small pool (tokens.export.*), on the same database and role as the main one. */
@Configuration
@EnableConfigurationProperties(ExportProperties.class)
public class ReadPoolWiring {

    @Bean(destroyMethod = "close")
    public ReadPool readPool(DataSourceProperties database, ExportProperties export) {
        HikariDataSource pool = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("audit-read");
        pool.setMaximumPoolSize(export.poolSize());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(export.connectionTimeout().toMillis());
        pool.setConnectionInitSql(export.connectionInitSql());
        pool.setReadOnly(true);
        return new ReadPool(pool);
    }
}

package org.tokensuite.audit.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code tokens.export.*}: the separate, small connection pool every HTTP read (pages, exports,
 * verify, access, reports) uses: {@code poolSize} connections, {@code connectionTimeout} to wait
 * for one (then 503), {@code connectionInitSql} run on each (the writer role's SET ROLE).
 */
@ConfigurationProperties("tokens.export")
public record ExportProperties(int poolSize, Duration connectionTimeout, String connectionInitSql) {

    public ExportProperties {
        if (poolSize < 1 || connectionTimeout == null || connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("tokens.export.pool-size must be >= 1 and connection-timeout >= 250ms");
        }
    }
}

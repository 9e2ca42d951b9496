package org.tokensuite.query.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tokensuite.query.settings.TokensProperties;

import java.time.Clock;

/**
 * Probes the view's database periodically (never per request), so introspection can fail closed
 * when the database is gone without paying for a round trip on every call.
 */
@Component
public class DatabaseProbe {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long maxStalenessMillis;
    private volatile boolean lastProbeSucceeded;
    private volatile long lastSuccessMillis;

    public DatabaseProbe(JdbcTemplate jdbc, Clock clock, TokensProperties properties) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setQueryTimeout(2);
        this.clock = clock;
        this.maxStalenessMillis = properties.view().dbMaxStaleness().toMillis();
    }

    @Scheduled(fixedDelayString = "${tokens.view.db-check-interval:PT2S}")
    public void probe() {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            lastSuccessMillis = clock.millis();
            if (!lastProbeSucceeded) {
                log.info("token view database reachable");
            }
            lastProbeSucceeded = true;
        } catch (RuntimeException e) {
            if (lastProbeSucceeded) {
                log.warn("token view database unreachable: {}", e.getClass().getSimpleName());
            }
            lastProbeSucceeded = false;
        }
    }

    public boolean isUp(long nowMillis) {
        return lastProbeSucceeded && nowMillis - lastSuccessMillis <= maxStalenessMillis;
    }
}

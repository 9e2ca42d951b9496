package org.tokensuite.query.signal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What anomaly detection remembers in token-query's database, shared by all instances: the
 * networks each token was used from, and when each rule last fired for each token (cool-down).
 */
@Component
public class SignalStore {

    private final JdbcTemplate jdbc;

    public SignalStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Set<String> networks(String tokenId) {
        return new HashSet<>(jdbc.queryForList("SELECT network FROM token_networks WHERE token_id = ?", String.class, tokenId));
    }

    /** Records a network; true when this call was the first to (so one instance reports it). */
    boolean addNetwork(String tokenId, String network, Instant at) {
        return jdbc.update("INSERT INTO token_networks (token_id, network, first_seen_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (token_id, network) DO NOTHING", tokenId, network, Timestamp.from(at)) == 1;
    }

    /** The last use any instance has flushed, or null. */
    Instant lastUsedAt(String tokenId) {
        List<Timestamp> found = jdbc.queryForList("SELECT last_used_at FROM token_usage WHERE token_id = ?",
                Timestamp.class, tokenId);
        return found.isEmpty() || found.get(0) == null ? null : found.get(0).toInstant();
    }

    /**
     * Claims the right to report {@code rule} for the token now: true unless it was reported
     * within {@code coolDown} (by any instance). One statement, so two instances cannot both win.
     */
    boolean claim(String tokenId, String rule, Instant now, Duration coolDown) {
        return jdbc.update("INSERT INTO token_anomaly_reports (token_id, rule, reported_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (token_id, rule) DO UPDATE SET reported_at = EXCLUDED.reported_at "
                        + "WHERE token_anomaly_reports.reported_at <= ?",
                tokenId, rule, Timestamp.from(now), Timestamp.from(now.minus(coolDown))) == 1;
    }
}

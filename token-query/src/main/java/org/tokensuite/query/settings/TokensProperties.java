package org.tokensuite.query.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** The {@code tokens.*} settings of application.yml (env overrides named there). */
@ConfigurationProperties("tokens")
public record TokensProperties(@DefaultValue Index index, @DefaultValue View view, @DefaultValue Topics topics,
                               @DefaultValue Usage usage, @DefaultValue Signals signals,
                               @DefaultValue Anomaly anomaly, @DefaultValue Health health) {

    /**
     * @param stallAfter    a processor with work that has not advanced for longer than this makes readiness DOWN
     * @param checkInterval how often every processor's lag and progress is checked
     */
    public record Health(@DefaultValue("PT30S") Duration stallAfter, @DefaultValue("PT1S") Duration checkInterval) {
    }

    /**
     * @param maxLag             introspection fails closed (503) when the index is more events behind than this
     * @param maxStaleness       ... or when the topic's end offsets were last confirmed longer ago than this
     * @param lagRefreshInterval how often the feeder asks the broker for the end offsets
     */
    public record Index(@DefaultValue("1000") long maxLag,
                        @DefaultValue("PT15S") Duration maxStaleness,
                        @DefaultValue("PT1S") Duration lagRefreshInterval) {
    }

    /**
     * @param dbCheckInterval how often the database is probed
     * @param dbMaxStaleness  introspection fails closed when no probe succeeded for this long
     * @param maxWait         how long a read with {@code X-Not-Older-Than} waits for the view to reach that version
     * @param recheckInterval how often such a read looks again when no change of this instance woke it (another
     *                        instance's processor may be the one that writes the row)
     */
    public record View(@DefaultValue("PT2S") Duration dbCheckInterval,
                       @DefaultValue("PT10S") Duration dbMaxStaleness,
                       @DefaultValue("PT2S") Duration maxWait,
                       @DefaultValue("PT0.1S") Duration recheckInterval) {
    }

    /** Where token-query publishes: usage summaries, and security signals (refusals, anomalies). */
    public record Topics(@DefaultValue("token-usage") String usage,
                         @DefaultValue("token-signals") String signals) {
    }

    /**
     * @param flushInterval          how often counts are written to the database and summaries published (one window)
     * @param idleEviction           a token's in-memory tally is dropped after this long without use or refusal
     * @param detectionQueueCapacity uses waiting for anomaly detection; beyond it they are dropped and counted
     * @param maxCheckedScopes       distinct {@code scope} values remembered per token per window (bounds memory)
     */
    public record Usage(@DefaultValue("true") boolean enabled,
                        @DefaultValue("PT10S") Duration flushInterval,
                        @DefaultValue("PT1H") Duration idleEviction,
                        @DefaultValue("10000") int detectionQueueCapacity,
                        @DefaultValue("32") int maxCheckedScopes) {
    }

    /** @param refusalInterval at most one TokenUseRefused per token per this interval (per instance); the rest are counted into it */
    public record Signals(@DefaultValue("PT1M") Duration refusalInterval) {
    }

    /**
     * @param coolDown one TokenAnomalyDetected per token per rule per this window (shared by instances via the database)
     */
    public record Anomaly(@DefaultValue("PT1H") Duration coolDown,
                          @DefaultValue NewNetwork newNetwork,
                          @DefaultValue RateSpike rateSpike,
                          @DefaultValue DormantReuse dormantReuse,
                          @DefaultValue Rule outsideAllowedCidrs) {
    }

    /** A rule with no thresholds of its own. */
    public record Rule(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean suspend) {
    }

    /** First use from a network (IPv4 /ipv4Prefix, IPv6 /ipv6Prefix) never seen for the token; not on its first use ever. */
    public record NewNetwork(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean suspend,
                             @DefaultValue("24") int ipv4Prefix, @DefaultValue("64") int ipv6Prefix) {
    }

    /**
     * Uses in one minute above {@code factor} × the token's moving average per minute and above {@code floor}.
     *
     * @param baseline   the moving average's horizon (exponential, per minute)
     * @param minHistory how long this instance must have watched the token before the rule judges it
     */
    public record RateSpike(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean suspend,
                            @DefaultValue("10") double factor, @DefaultValue("60") long floor,
                            @DefaultValue("PT1H") Duration baseline, @DefaultValue("PT30M") Duration minHistory) {
    }

    /** Use of a token not used for {@code after} (never used: since it was issued). */
    public record DormantReuse(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean suspend,
                               @DefaultValue("P30D") Duration after) {
    }
}

package org.tokensuite.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** The {@code tokens.*} settings of application.yml (env overrides named there). */
@ConfigurationProperties("tokens")
public record TokensProperties(@DefaultValue Index index, @DefaultValue View view) {

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
     */
    public record View(@DefaultValue("PT2S") Duration dbCheckInterval,
                       @DefaultValue("PT10S") Duration dbMaxStaleness) {
    }
}

package org.tokensuite.command.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code tokens.bootstrap.*}: the first admin token, issued once into an empty event store.
 * {@code adminToken} comes from TOKENS_BOOTSTRAP_ADMIN_TOKEN; it is never logged or echoed.
 */
@ConfigurationProperties("tokens.bootstrap")
public record BootstrapProperties(
        String adminToken,
        @DefaultValue("bootstrap-admin") String ownerId,
        @DefaultValue("P30D") Duration ttl) {

    @Override
    public String toString() {
        return "BootstrapProperties[adminToken=" + (adminToken == null ? "unset" : "set") + ", ownerId=" + ownerId + ", ttl=" + ttl + "]";
    }
}

package org.tokensuite.lifecycle.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The proxies whose forwarding headers are believed ({@code tokens.http.trusted-proxies}, a CIDR
 * list). Empty by default: then the connection's peer is the client, whatever the headers say.
 */
@ConfigurationProperties("tokens.http")
public record HttpProperties(String trustedProxies) {

    public HttpProperties {
        trustedProxies = trustedProxies == null ? "" : trustedProxies.trim();
    }
}

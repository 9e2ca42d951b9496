package org.tokensuite.audit.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tokens.http.*}: {@code trustedProxies} is the CIDR list whose forwarding headers are believed
 * (empty: none; the connection's peer is the client).
 */
@ConfigurationProperties("tokens.http")
public record HttpProperties(String trustedProxies) {
}

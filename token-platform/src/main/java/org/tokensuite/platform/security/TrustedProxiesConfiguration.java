package org.tokensuite.platform.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The proxies whose forwarding headers count ({@code TOKENS_TRUSTED_PROXIES}); one setting for both web stacks. */
@Configuration(proxyBeanMethods = false)
public class TrustedProxiesConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public TrustedProxies trustedProxies(@Value("${tokens.http.trusted-proxies:}") String proxies) {
        return TrustedProxies.parseSetting(proxies);
    }
}

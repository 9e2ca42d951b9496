package org.tokensuite.platform.security.reactive;

import org.springframework.http.server.PathContainer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.introspection.ReactiveOpaqueTokenIntrospector;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.tokensuite.platform.security.IntrospectionClient;
import org.tokensuite.platform.security.PublicPaths;
import org.tokensuite.platform.security.ResourceServerProperties;
import org.tokensuite.platform.security.SuiteTokenIntrospection;
import org.tokensuite.platform.security.TrustedProxies;
import org.tokensuite.platform.security.TrustedProxiesConfiguration;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * A reactive service (WebFlux) as an OAuth2 resource server for the suite's opaque tokens: the same rules
 * as the servlet chain. The introspector asks the suite's introspection endpoint unless the service
 * supplies its own {@link ReactiveOpaqueTokenIntrospector} (token-query, the verifier, answers from its index).
 */
@Import(TrustedProxiesConfiguration.class)
@AutoConfiguration(before = {ReactiveSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
        ReactiveOAuth2ResourceServerAutoConfiguration.class},
        beforeName = "org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ServerHttpSecurity.class, ReactiveOpaqueTokenIntrospector.class})
@EnableConfigurationProperties(ResourceServerProperties.class)
public class ReactiveResourceServerConfiguration {

    /** Health and the API docs, to GET and HEAD. */
    static final ServerWebExchangeMatcher PUBLIC_PATHS = new OrServerWebExchangeMatcher(
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, PublicPaths.READS.toArray(String[]::new)),
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.HEAD, PublicPaths.READS.toArray(String[]::new)));

    /**
     * The token of a {@code Bearer} Authorization header (scheme case-insensitive); never from a query
     * parameter. On the public paths a token is not even looked at.
     */
    static final ServerAuthenticationConverter BEARER_HEADER = exchange -> PUBLIC_PATHS.matches(exchange)
            .flatMap(publicPath -> {
                String token = publicPath.isMatch() ? null
                        : IntrospectionClient.bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
                return token == null ? Mono.empty() : Mono.just(new BearerTokenAuthenticationToken(token));
            });

    /** A list that does not parse stops the start: a typo must not silently trust nobody, or everybody. */
    @Bean
    @ConditionalOnMissingBean
    public ClientAddresses clientAddresses(TrustedProxies proxies) {
        return new ClientAddresses(proxies);
    }

    @Bean
    @ConditionalOnMissingBean(ReactiveOpaqueTokenIntrospector.class)
    public HttpReactiveOpaqueTokenIntrospector tokenIntrospector(ResourceServerProperties properties,
                                                                 ClientAddresses addresses) {
        return new HttpReactiveOpaqueTokenIntrospector(SuiteTokenIntrospection.from(properties), addresses);
    }

    @Bean
    public RefusalResponses tokenRefusals(ObjectProvider<ObjectMapper> json) {
        return new RefusalResponses(json.getIfAvailable(() -> Jackson2ObjectMapperBuilder.json().build()));
    }

    @Bean
    public BearerAuthenticationManagers bearerAuthenticationManagers(ReactiveOpaqueTokenIntrospector introspector) {
        return new BearerAuthenticationManagers(introspector);
    }

    /**
     * No Micrometer observation per request, authentication or authorization: on the verifier it cost more
     * than the check itself, and the services meter what matters to them explicitly.
     */
    @Bean
    @ConditionalOnMissingBean(SecurityObservationSettings.class)
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall for every path but the self-authenticated ones: those handlers parse
     * their own input and are the hot path, where the firewall's wrapped headers cost a measurable share.
     */
    @Bean
    @ConditionalOnMissingBean(ServerWebExchangeFirewall.class)
    public ServerWebExchangeFirewall exchangeFirewall(ObjectProvider<SelfAuthenticatedPaths> selfAuthenticated) {
        ServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();
        List<PathPattern> bypass = selfAuthenticated.orderedStream().flatMap(paths -> paths.patterns().stream())
                .map(PathPatternParser.defaultInstance::parse).toList();
        if (bypass.isEmpty()) {
            return strict;
        }
        return exchange -> {
            PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
            for (PathPattern pattern : bypass) {
                if (pattern.matches(path)) {
                    return Mono.just(exchange);
                }
            }
            return strict.getFirewalledExchange(exchange);
        };
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    public SecurityWebFilterChain tokenSecurityWebFilterChain(ServerHttpSecurity http,
                                                              BearerAuthenticationManagers managers,
                                                              RefusalResponses refusals,
                                                              ObjectProvider<ReactiveTokenAccessRules> rules,
                                                              ObjectProvider<SelfAuthenticatedPaths> selfAuthenticated) {
        List<String> bypass = new ArrayList<>();
        selfAuthenticated.orderedStream().forEach(paths -> bypass.addAll(paths.patterns()));
        if (!bypass.isEmpty()) {
            // Not even the chain's own filters run there: those handlers are the hot path and check callers themselves.
            http.securityMatcher(new NegatedServerWebExchangeMatcher(
                    ServerWebExchangeMatchers.pathMatchers(bypass.toArray(String[]::new))));
        }
        http.csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only: no cookie a browser would send by itself
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(managers)
                        .bearerTokenConverter(BEARER_HEADER)
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .authorizeExchange(exchanges -> {
                    exchanges.matchers(PUBLIC_PATHS).permitAll();
                    rules.orderedStream().forEach(rule -> rule.define(exchanges));
                    exchanges.pathMatchers(PublicPaths.ACTUATOR).access(ReactiveTokenScopes.has(PublicPaths.ACTUATOR_SCOPE));
                    exchanges.anyExchange().authenticated();
                });
        return http.build();
    }
}

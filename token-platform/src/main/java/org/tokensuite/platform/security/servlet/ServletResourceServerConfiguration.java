package org.tokensuite.platform.security.servlet;

import org.tokensuite.platform.problem.servlet.ErrorDocuments;
import org.tokensuite.platform.problem.servlet.ServletProblemsAutoConfiguration;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.tokensuite.platform.problem.ProblemType;
import org.tokensuite.platform.problem.Problems;
import org.tokensuite.platform.security.CallerCache;
import org.tokensuite.platform.security.IntrospectionClient;
import org.tokensuite.platform.security.PublicPaths;
import org.tokensuite.platform.security.ResourceServerProperties;
import org.tokensuite.platform.security.SuiteTokenIntrospection;
import org.tokensuite.platform.security.TokenScopes;
import org.tokensuite.platform.security.TrustedProxies;
import org.tokensuite.platform.security.TrustedProxiesConfiguration;

import java.util.ArrayList;
import java.util.List;

/**
 * A servlet service (Spring MVC) as an OAuth2 resource server for the suite's opaque tokens: every
 * request but health and the API docs needs an active bearer token, verified by introspection
 * ({@code tokens.resource-server.*}). Stateless (no session, no CSRF, no form login, no generated user).
 * A service adds its scope rules as {@link TokenAccessRules} beans, or {@code @PreAuthorize} on its
 * controllers (method security is on).
 */
@Import(TrustedProxiesConfiguration.class)
@AutoConfiguration(after = ServletProblemsAutoConfiguration.class, before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class},
        beforeName = "org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpSecurity.class, HttpServletRequest.class, OpaqueTokenIntrospector.class})
@EnableConfigurationProperties(ResourceServerProperties.class)
@EnableMethodSecurity
public class ServletResourceServerConfiguration {

    /**
     * The token of a {@code Bearer} Authorization header (scheme case-insensitive); never from a query
     * parameter. On the public paths a token is not even looked at: a probe with a stale header still
     * gets its health, and no introspection is spent on it.
     */
    static BearerTokenResolver bearerHeader(RequestMatcher publicPaths) {
        return request -> publicPaths.matches(request) ? null
                : IntrospectionClient.bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    static RequestMatcher publicPaths(PathPatternRequestMatcher.Builder paths) {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String path : PublicPaths.READS) {
            matchers.add(paths.matcher(HttpMethod.GET, path));
            matchers.add(paths.matcher(HttpMethod.HEAD, path));
        }
        return new OrRequestMatcher(matchers);
    }

    /** A list that does not parse stops the start: a typo must not silently trust nobody, or everybody. */
    @Bean
    @ConditionalOnMissingBean
    public ClientAddresses clientAddresses(TrustedProxies proxies) {
        return new ClientAddresses(proxies);
    }

    /** Off unless {@code tokens.resource-server.cache-ttl} says otherwise; a service that changes tokens reports each change to it. */
    @Bean
    @ConditionalOnMissingBean
    public CallerCache callerCache(ResourceServerProperties properties) {
        return new CallerCache(properties.cacheTtl());
    }

    @Bean
    @ConditionalOnMissingBean(OpaqueTokenIntrospector.class)
    public HttpOpaqueTokenIntrospector tokenIntrospector(ResourceServerProperties properties, ClientAddresses addresses,
                                                         CallerCache cache) {
        return new HttpOpaqueTokenIntrospector(SuiteTokenIntrospection.from(properties, cache), addresses);
    }

    /** Refusals take the shape every other error of the service takes: {@link ErrorDocuments} (SCIM paths included). */
    @Bean
    @ConditionalOnMissingBean(SecurityErrorWriter.class)
    public SecurityErrorWriter securityErrorWriter(ObjectProvider<ErrorDocuments> documents, ObjectProvider<ObjectMapper> json) {
        ErrorDocuments shaped = documents.getIfAvailable(() -> new ErrorDocuments(List.of(),
                json.getIfAvailable(() -> Jackson2ObjectMapperBuilder.json().build())));
        return shaped::write;
    }

    @Bean
    public RefusalResponses tokenRefusals(SecurityErrorWriter writer) {
        return new RefusalResponses(writer);
    }

    @Bean
    public BearerAuthenticationManagers bearerAuthenticationManagers(OpaqueTokenIntrospector introspector) {
        return new BearerAuthenticationManagers(introspector);
    }

    @Bean
    public SecurityExceptionPassThrough securityExceptionPassThrough() {
        return new SecurityExceptionPassThrough();
    }

    /**
     * Spring Security's firewall, except that an encoded line feed or carriage return in the path goes on
     * to the service: its input rules refuse control characters themselves, with a 400 naming the field in
     * the caller's error format (a SCIM id, say), which the firewall could not.
     */
    @Bean
    @ConditionalOnMissingBean(HttpFirewall.class)
    public StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedLineFeed(true);
        firewall.setAllowUrlEncodedCarriageReturn(true);
        return firewall;
    }

    /** A request the firewall refuses gets a 400 in the service's error format, not the container's page. */
    @Bean
    @ConditionalOnMissingBean(RequestRejectedHandler.class)
    public RequestRejectedHandler requestRejected(SecurityErrorWriter writer) {
        return (request, response, rejected) -> {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            writer.write(request, response, Problems.of(ProblemType.INVALID_REQUEST,
                    "the request's path or headers are malformed (for example a ';', an encoded '/' or '%' or a '//' in the path)"));
        };
    }

    /**
     * No Micrometer observation per security filter, authentication or authorization: on the command path
     * they cost a measurable share of each request, and the services meter what matters to them explicitly
     * (HTTP server observations, which give the request metrics, stay on).
     */
    @Bean
    @ConditionalOnMissingBean(SecurityObservationSettings.class)
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Last in line, so a service's own chain for a subset of its paths (securityMatcher) goes first. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    public SecurityFilterChain tokenSecurityFilterChain(HttpSecurity http, BearerAuthenticationManagers managers,
                                                        RefusalResponses refusals,
                                                        ObjectProvider<TokenAccessRules> rules) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher publicPaths = publicPaths(paths);
        http.csrf(AbstractHttpConfigurer::disable) // bearer tokens only: no cookie a browser would send by itself
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(managers)
                        .bearerTokenResolver(bearerHeader(publicPaths))
                        .authenticationEntryPoint(refusals)
                        .accessDeniedHandler(refusals))
                .authorizeHttpRequests(requests -> {
                    // An error page or an async continuation belongs to a request already let through.
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    requests.requestMatchers(publicPaths).permitAll();
                    rules.orderedStream().forEach(rule -> rule.define(requests));
                    requests.requestMatchers(paths.matcher(PublicPaths.ACTUATOR)).access(TokenScopes.has(PublicPaths.ACTUATOR_SCOPE));
                    requests.anyRequest().authenticated();
                });
        return http.build();
    }
}

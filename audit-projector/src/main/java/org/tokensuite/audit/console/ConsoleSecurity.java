package org.tokensuite.audit.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.tokensuite.audit.settings.ConsoleProperties;
import org.tokensuite.audit.views.ConsoleViews;
import org.tokensuite.platform.security.servlet.ClientAddresses;

/**
 * The console's own filter chain for {@code /console/**}, ahead of the platform's bearer-token chain
 * (which answers everything else): a browser signs in once with a token and then carries a session
 * cookie. The token is still checked on every request by the platform's introspector ({@link ConsoleGate}),
 * posts must come from the console's own origin ({@link SameOriginPosts}), and every view is recorded
 * ({@link ViewRecording}). Spring Security keeps no session or security context of its own here.
 */
@Configuration
public class ConsoleSecurity {

    /** No script at all; styles only from the console's own style sheet; no framing; forms post only here. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'none'; style-src 'self'; "
            + "img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    public SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleSessions sessions,
                                                  OpaqueTokenIntrospector introspector, ClientAddresses addresses,
                                                  ConsoleViews views, ConsoleProperties properties) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        SameOriginPosts sameOrigin = new SameOriginPosts(properties.allowedOrigins());
        ConsoleGate gate = new ConsoleGate(sessions, introspector, addresses);
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/console"), paths.matcher("/console/**")))
                // Forgery is refused by SameOriginPosts (and the SameSite=Strict cookie), not a synchronizer token.
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentTypeOptions(options -> { })
                        // Cache-Control: no-cache, no-store, max-age=0, must-revalidate (and Pragma, Expires).
                        .cacheControl(cache -> { }))
                .addFilterBefore(sameOrigin, AuthorizationFilter.class)
                .addFilterAfter(gate, SameOriginPosts.class)
                .addFilterAfter(new ViewRecording(views), ConsoleGate.class)
                // ConsoleGate decides who gets in; Spring Security adds the headers and keeps the order.
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }
}

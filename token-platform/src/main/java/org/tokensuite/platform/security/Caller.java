package org.tokensuite.platform.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.tokensuite.api.value.Actor;
import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.UserId;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authenticated caller of an endpoint, as Spring Security's principal: the token it presented
 * (jti), its owner (sub) and scopes, and whether the presented secret is a superseded one (still in
 * its rotation overlap: good for reading, never for changing anything). A controller takes it with
 * {@code @AuthenticationPrincipal Caller caller}. Each scope is also an authority {@code SCOPE_<scope>}.
 */
public record Caller(TokenId tokenId, UserId ownerId, Set<Scope> scopes, boolean superseded)
        implements OAuth2AuthenticatedPrincipal {

    /** Prefix of the authority each held scope becomes (Spring Security's convention for OAuth2 scopes). */
    public static final String AUTHORITY_PREFIX = "SCOPE_";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public Caller(TokenId tokenId, UserId ownerId, Set<Scope> scopes) {
        this(tokenId, ownerId, scopes, false);
    }

    /** Whether a held scope covers {@code wanted} (equal, its system's {@code *}, or {@code tokens:admin}). */
    public boolean holds(Scope wanted) {
        return Scopes.holds(scopes, wanted);
    }

    /** Whether a principal's presented secret was superseded by a rotation (a {@link Caller}'s flag, else its attribute). */
    public static boolean isSuperseded(OAuth2AuthenticatedPrincipal principal) {
        if (principal instanceof Caller caller) {
            return caller.superseded();
        }
        return Boolean.TRUE.equals(principal.getAttribute("superseded"));
    }

    /** GET and HEAD change nothing: the only calls a superseded secret may make (every stack asks here). */
    public static boolean isRead(String httpMethod) {
        return "GET".equals(httpMethod) || "HEAD".equals(httpMethod);
    }

    public Actor actor() {
        return Actor.token(tokenId, ownerId);
    }

    /** The RFC 7662 members this principal was made from (never the token itself). */
    @Override
    public Map<String, Object> getAttributes() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("active", true);
        attributes.put("jti", tokenId.value());
        attributes.put("sub", ownerId.value());
        attributes.put("scope", Scopes.spaceSeparated(scopes));
        attributes.put("superseded", superseded);
        return attributes;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = scopes.stream().sorted()
                .map(scope -> (GrantedAuthority) new SimpleGrantedAuthority(AUTHORITY_PREFIX + scope.value()))
                .toList();
        return authorities;
    }

    /** The owner id, as {@code sub}. */
    @Override
    public String getName() {
        return ownerId.value();
    }
}

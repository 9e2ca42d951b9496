package org.tokensuite.command.policy;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Least privilege: only scopes from the known catalogue, and only those the granting caller holds
 * itself ({@code tokens:admin} holds all). A catalogue entry {@code system:*} makes every action
 * of that system known.
 */
public class ScopePolicy {

    public static final int MAX_SCOPES = 64;

    private final Set<Scope> catalogue;

    public ScopePolicy(Collection<Scope> catalogue) {
        this.catalogue = Set.copyOf(catalogue);
    }

    public static ScopePolicy of(List<String> catalogue) {
        return new ScopePolicy(Scopes.parse(catalogue));
    }

    public boolean isKnown(Scope scope) {
        if (catalogue.contains(scope)) {
            return true;
        }
        // A wildcard request is known only when the catalogue itself names that wildcard.
        return !scope.isWildcard() && catalogue.contains(new Scope(scope.system() + ":*"));
    }

    /** Throws unless {@code requested} may be granted by a caller holding {@code actorScopes}. */
    public void checkGrant(Collection<Scope> requested, Collection<Scope> actorScopes) {
        if (requested == null || requested.isEmpty()) {
            throw new TokenRuleViolation("a token needs at least one scope");
        }
        if (requested.size() > MAX_SCOPES) {
            throw new TokenRuleViolation("a token may hold at most " + MAX_SCOPES + " scopes");
        }
        Set<Scope> unknown = requested.stream().filter(s -> !isKnown(s)).collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new TokenRuleViolation("unknown scope(s): " + join(unknown));
        }
        Collection<Scope> held = actorScopes == null ? Set.of() : actorScopes;
        Set<Scope> missing = requested.stream().filter(s -> !Scopes.holds(held, s)).collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            throw new TokenAccessDenied("a caller may only grant scopes it holds itself; not held: " + join(missing));
        }
    }

    private static String join(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).collect(Collectors.joining(", "));
    }
}

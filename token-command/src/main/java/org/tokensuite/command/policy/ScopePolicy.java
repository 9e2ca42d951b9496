package org.tokensuite.command.policy;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;
import org.tokensuite.api.value.SystemName;
import org.tokensuite.command.rule.TokenAccessDenied;
import org.tokensuite.command.rule.TokenRuleViolation;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Least privilege: only scopes the catalogue knows, and only those the granting caller holds itself
 * ({@code tokens:admin} holds all).
 * <ul>
 *   <li>The suite's own scopes ({@link #BUILT_IN}) are always known; their systems ({@code tokens},
 *       {@code users}, {@code audit}) know nothing else.</li>
 *   <li>Any other scope {@code <system>:<action>} is known when the system is registered
 *       ({@link ScopeCatalogue}) and names the action, or names {@code *} (every action). An action
 *       the system retired is refused, also under {@code *}.</li>
 *   <li>A wildcard request {@code <system>:*} is known only when the system names {@code *} itself: a
 *       system registered with explicit actions cannot be granted as a whole (the wildcard would also
 *       cover actions added later).</li>
 * </ul>
 */
public class ScopePolicy {

    public static final int MAX_SCOPES = 64;

    /** The suite's own scopes: always grantable, never in the catalogue. */
    public static final Set<Scope> BUILT_IN = Set.of(Scope.of("tokens:issue"), Scope.of("tokens:delegate"),
            Scope.of("tokens:revoke"), Scope.of("tokens:read"), Scope.of("tokens:introspect"), Scope.ADMIN,
            Scope.of("users:offboard"), Scope.of("users:suspend"), Scope.of("audit:read"));

    private static final String EVERY_ACTION = "*";

    private final ScopeCatalogue catalogue;

    public ScopePolicy(ScopeCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Throws unless {@code requested} may be granted by a caller holding {@code actorScopes}. */
    public void checkGrant(Collection<Scope> requested, Collection<Scope> actorScopes) {
        if (requested == null || requested.isEmpty()) {
            throw new TokenRuleViolation("a token needs at least one scope");
        }
        if (requested.size() > MAX_SCOPES) {
            throw new TokenRuleViolation("a token may hold at most " + MAX_SCOPES + " scopes");
        }
        Set<SystemName> catalogued = cataloguedSystems(requested);
        Map<SystemName, ScopeCatalogue.SystemActions> systems = catalogued.isEmpty() ? Map.of() : catalogue.systems(catalogued);
        Set<Scope> unknown = new TreeSet<>();
        Set<Scope> retired = new TreeSet<>();
        for (Scope scope : requested) {
            switch (standing(scope, systems)) {
                case UNKNOWN -> unknown.add(scope);
                case RETIRED -> retired.add(scope);
                case KNOWN -> { }
            }
        }
        if (!unknown.isEmpty()) {
            throw new TokenRuleViolation("unknown scope(s): " + join(unknown));
        }
        if (!retired.isEmpty()) {
            throw new TokenRuleViolation("retired scope(s), no longer granted: " + join(retired)
                    + " (tokens holding them keep working until re-scoped)");
        }
        Collection<Scope> held = actorScopes == null ? Set.of() : actorScopes;
        Set<Scope> missing = requested.stream().filter(s -> !Scopes.holds(held, s)).collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            throw new TokenAccessDenied("a caller may only grant scopes it holds itself; not held: " + join(missing));
        }
    }

    enum Standing { KNOWN, RETIRED, UNKNOWN }

    private static Standing standing(Scope scope, Map<SystemName, ScopeCatalogue.SystemActions> systems) {
        SystemName system = system(scope);
        if (system.isBuiltIn()) {
            return BUILT_IN.contains(scope) ? Standing.KNOWN : Standing.UNKNOWN;
        }
        ScopeCatalogue.SystemActions actions = systems.get(system);
        if (actions == null) {
            return Standing.UNKNOWN;
        }
        if (actions.retired().contains(scope.action())) {
            return Standing.RETIRED;
        }
        if (actions.actions().contains(scope.action())) {
            return Standing.KNOWN;
        }
        return !scope.isWildcard() && actions.actions().contains(EVERY_ACTION) ? Standing.KNOWN : Standing.UNKNOWN;
    }

    /**
     * The systems of {@code requested} that the catalogue must know: only those outside the suite's own need it (and
     * its lock). None for a request {@link #checkGrant} refuses for its shape alone (no scopes, too many).
     */
    public static Set<SystemName> cataloguedSystems(Collection<Scope> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > MAX_SCOPES) {
            return Set.of();
        }
        return requested.stream().map(ScopePolicy::system).filter(system -> !system.isBuiltIn()).collect(Collectors.toSet());
    }

    private static SystemName system(Scope scope) {
        return new SystemName(scope.system());
    }

    private static String join(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).collect(Collectors.joining(", "));
    }
}

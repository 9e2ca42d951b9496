package org.tokensuite.api.value;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Questions about a set of held scopes. */
public final class Scopes {

    private Scopes() {
    }

    public static boolean holds(Collection<Scope> held, Scope wanted) {
        for (Scope scope : held) {
            if (scope.covers(wanted)) {
                return true;
            }
        }
        return false;
    }

    public static boolean holdsAll(Collection<Scope> held, Collection<Scope> wanted) {
        return wanted.stream().allMatch(w -> holds(held, w));
    }

    public static SortedSet<Scope> parse(Collection<String> values) {
        return values.stream().map(Scope::new).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Space-separated, as RFC 7662 writes {@code scope}. */
    public static String spaceSeparated(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(" "));
    }

    public static List<String> values(Collection<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().toList();
    }
}

package org.tokensuite.query.index;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An interned, immutable set of scopes: most tokens share a handful of distinct sets, so a
 * token costs one reference here. Whether the set holds a scope is token-api's rule
 * ({@link Scopes#holds}); answers are memoised per set because the same few scopes (say
 * tokens:introspect) are asked on every call, and the rule allocates substrings.
 */
public final class ScopeSet {

    /** Bounds the memo: callers may ask for arbitrary (valid) scopes. */
    private static final int MAX_MEMO = 64;

    private final SortedSet<Scope> scopes;
    private final List<String> sorted;
    private final String spaceSeparated;
    /** {@code ,"scope":"a b"}, ready to copy into a response (valid scopes need no JSON escaping). */
    private final byte[] scopeJson;
    private final Map<Scope, Boolean> holds = new ConcurrentHashMap<>();

    ScopeSet(Set<String> values) {
        // A value token-api would refuse can never have been granted: leaving it out can only narrow the token.
        this.scopes = Collections.unmodifiableSortedSet(Scopes.parse(values.stream().filter(Scope::isValid).toList()));
        this.sorted = Scopes.values(scopes);
        this.spaceSeparated = Scopes.spaceSeparated(scopes);
        this.scopeJson = (",\"scope\":\"" + spaceSeparated + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    public SortedSet<Scope> scopes() {
        return scopes;
    }

    public List<String> sorted() {
        return sorted;
    }

    public boolean holds(Scope wanted) {
        Boolean known = holds.get(wanted);
        if (known != null) {
            return known;
        }
        boolean answer = Scopes.holds(scopes, wanted);
        if (holds.size() < MAX_MEMO) {
            holds.put(wanted, answer);
        }
        return answer;
    }

    public String spaceSeparated() {
        return spaceSeparated;
    }

    public byte[] scopeJson() {
        return scopeJson;
    }
}

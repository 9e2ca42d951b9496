package org.tokensuite.query.index;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An interned, immutable set of scopes: most tokens share a handful of distinct sets. */
public final class ScopeSet {

    private final Set<String> scopes;
    private final String spaceSeparated;
    /** {@code ,"scope":"a b"}, ready to copy into a response (valid scopes need no JSON escaping). */
    private final byte[] scopeJson;

    ScopeSet(Set<String> scopes) {
        this.scopes = Set.copyOf(scopes);
        this.spaceSeparated = String.join(" ", new TreeSet<>(scopes));
        this.scopeJson = (",\"scope\":\"" + spaceSeparated + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    public Set<String> scopes() {
        return scopes;
    }

    public List<String> sorted() {
        return List.copyOf(new TreeSet<>(scopes));
    }

    public boolean holds(String wanted) {
        return ScopeRule.holds(scopes, wanted);
    }

    public String spaceSeparated() {
        return spaceSeparated;
    }

    public byte[] scopeJson() {
        return scopeJson;
    }
}

package org.tokensuite.query.index;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.Scopes;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/** An interned, immutable set of scopes: most tokens share a handful of distinct sets. */
public final class ScopeSet {

    private final Set<Scope> scopes;
    private final String spaceSeparated;
    /** {@code ,"scope":"a b"}, ready to copy into a response (scopes need no JSON escaping). */
    private final byte[] scopeJson;

    ScopeSet(Set<Scope> scopes) {
        this.scopes = Set.copyOf(scopes);
        this.spaceSeparated = Scopes.spaceSeparated(this.scopes);
        this.scopeJson = (",\"scope\":\"" + spaceSeparated + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public boolean holds(Scope wanted) {
        return Scopes.holds(scopes, wanted);
    }

    public String spaceSeparated() {
        return spaceSeparated;
    }

    public byte[] scopeJson() {
        return scopeJson;
    }
}

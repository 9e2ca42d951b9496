package org.tokensuite.query.index;

import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

/**
 * What the index knows of one token. Written by the single index-feeding thread only; read
 * concurrently by request threads, hence volatile fields for what can change.
 */
public final class TokenRecord {

    private static final long NONE = Long.MAX_VALUE;

    private final String tokenId;
    private final OwnerRecord owner;
    private final long issuedAt;
    private final long notBefore;
    private final long expiresAt;
    private final Cidr[] allowedCidrs;
    /** Token and owner ids as token-api defines them (false only for events written before the input rules). */
    private final boolean canonicalIds;
    private volatile ScopeSet scopes;
    private volatile TokenState state = TokenState.ACTIVE;
    /** Expiry brought forward by a due rotation (epoch second), until the token is rotated. */
    private volatile long rotationDeadline = NONE;
    volatile SecretEntry current;
    volatile SecretEntry previous;
    long lastSequence = -1;

    TokenRecord(String tokenId, OwnerRecord owner, ScopeSet scopes, long issuedAt, long notBefore, long expiresAt,
                Cidr[] allowedCidrs) {
        this.tokenId = tokenId;
        this.owner = owner;
        this.scopes = scopes;
        this.issuedAt = issuedAt;
        this.notBefore = notBefore;
        this.expiresAt = expiresAt;
        this.allowedCidrs = allowedCidrs;
        this.canonicalIds = TokenId.isValid(tokenId) && UserId.isValid(owner.id());
    }

    public String tokenId() {
        return tokenId;
    }

    public OwnerRecord owner() {
        return owner;
    }

    public ScopeSet scopes() {
        return scopes;
    }

    public TokenState state() {
        return state;
    }

    public long issuedAt() {
        return issuedAt;
    }

    public long notBefore() {
        return notBefore;
    }

    /** The effective expiry in epoch seconds: the token's own, or a due rotation's deadline if sooner. */
    public long expiresAt() {
        return Math.min(expiresAt, rotationDeadline);
    }

    public boolean hasExpiry() {
        return expiresAt() != NONE;
    }

    /**
     * Whether the ids are ones token-api accepts. Only such tokens are tracked for usage and named in
     * gateway headers: the rest can still be introspected (JSON-escaped), but are no one's to report on.
     */
    public boolean hasCanonicalIds() {
        return canonicalIds;
    }

    /** Null when the token may be used from anywhere. */
    public Cidr[] allowedCidrs() {
        return allowedCidrs;
    }

    void setScopes(ScopeSet scopes) {
        this.scopes = scopes;
    }

    void setState(TokenState state) {
        this.state = state;
    }

    void setRotationDeadline(long deadline) {
        this.rotationDeadline = deadline;
    }

    void clearRotationDeadline() {
        this.rotationDeadline = NONE;
    }
}

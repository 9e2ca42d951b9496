package org.tokensuite.query.index;

import org.tokensuite.api.value.Cidr;
import org.tokensuite.query.event.TokenChange;
import org.tokensuite.api.value.TokenState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory index that introspection answers from: secret hash → token, kept current by
 * applying every event of the topic in order. Exactly one thread applies events; any number of
 * threads look tokens up. Tokens in a final state stay in the index so that later usage
 * tracking can tell "revoked" from "unknown".
 */
public class TokenIndex {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<Probe> PROBES = ThreadLocal.withInitial(Probe::new);

    private final ConcurrentHashMap<HashKey, SecretEntry> secrets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TokenRecord> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, OwnerRecord> owners = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Set<String>, ScopeSet> scopeSets = new ConcurrentHashMap<>();

    /**
     * The secret entry for a well-formed token, or null. The map finds a candidate by the first
     * 128 bits of the hash; the whole hash is then compared in constant time.
     */
    public SecretEntry find(String token) {
        Probe probe = PROBES.get();
        long[] hash = probe.digest(token);
        probe.key.hi = hash[0];
        probe.key.lo = hash[1];
        SecretEntry entry = secrets.get(probe.key);
        if (entry == null || !entry.matches(hash[0], hash[1], hash[2], hash[3])) {
            return null;
        }
        return entry;
    }

    public TokenRecord token(String tokenId) {
        return tokens.get(tokenId);
    }

    public int tokenCount() {
        return tokens.size();
    }

    /**
     * Applies one event. {@code sequence} is the producing aggregate's sequence number (null when
     * unknown): the topic is written at least once, so an event seen again is skipped.
     */
    public void apply(TokenChange change, Long sequence) {
        switch (change.type()) {
            case TOKEN_ISSUED -> issue(change, sequence);
            case USER_OFFBOARDED -> onOwner(change.ownerId(), sequence, OwnerRecord::offboard);
            case USER_LEAVE_STARTED -> onOwner(change.ownerId(), sequence, owner -> owner.setOnLeave(true));
            case USER_LEAVE_ENDED -> onOwner(change.ownerId(), sequence, owner -> owner.setOnLeave(false));
            default -> applyToToken(change, sequence);
        }
    }

    private void applyToToken(TokenChange change, Long sequence) {
        TokenRecord token = tokens.get(change.tokenId());
        if (token == null || isSeen(token.lastSequence, sequence)) {
            return;
        }
        switch (change.type()) {
            case TOKEN_SCOPES_CHANGED -> token.setScopes(intern(change.scopes()));
            case TOKEN_ROTATED -> rotate(token, change);
            case TOKEN_ROTATION_DUE -> {
                if (change.expiresUnlessRotatedBy() != null) {
                    token.setRotationDeadline(floorSeconds(change.expiresUnlessRotatedBy()));
                }
            }
            case TOKEN_SUSPENDED -> {
                if (token.state() == TokenState.ACTIVE) {
                    token.setState(TokenState.SUSPENDED);
                }
            }
            case TOKEN_REINSTATED -> {
                if (token.state() == TokenState.SUSPENDED) {
                    token.setState(TokenState.ACTIVE);
                }
            }
            // Revoked and expired are final: whichever came first stays.
            case TOKEN_REVOKED -> {
                if (!token.state().isFinal()) {
                    token.setState(TokenState.REVOKED);
                }
            }
            case TOKEN_EXPIRED -> {
                if (!token.state().isFinal()) {
                    token.setState(TokenState.EXPIRED);
                }
            }
            default -> {
            }
        }
        if (sequence != null) {
            token.lastSequence = sequence;
        }
    }

    private void issue(TokenChange issued, Long sequence) {
        String tokenId = issued.tokenId();
        if (tokens.containsKey(tokenId)) {
            return; // a re-published TokenIssued must not resurrect or reset the token
        }
        OwnerRecord owner = owner(issued.ownerId());
        long issuedAt = issued.occurredAt() == null ? 0 : floorSeconds(issued.occurredAt());
        long notBefore = issued.notBefore() == null ? issuedAt : ceilSeconds(issued.notBefore());
        long expiresAt = issued.expiresAt() == null ? Long.MAX_VALUE : floorSeconds(issued.expiresAt());
        TokenRecord token = new TokenRecord(tokenId, owner, intern(issued.scopes()), issuedAt, notBefore, expiresAt,
                cidrs(issued.allowedCidrs()));
        token.lastSequence = sequence == null ? -1 : sequence;
        long[] hash = hashOrNull(issued.secretHash());
        // No usable hash: the token is known (for the view and usage) but no secret can verify it.
        SecretEntry current = hash == null ? null : new SecretEntry(hash, token, Long.MAX_VALUE);
        token.current = current;
        tokens.put(tokenId, token);
        if (current != null) {
            secrets.put(current, current);
        }
    }

    private void rotate(TokenRecord token, TokenChange rotated) {
        long[] nextHash = hashOrNull(rotated.secretHash());
        long[] previousHash = hashOrNull(rotated.previousSecretHash());
        // An unusable new hash: the rotation still retires the old secrets, and nothing new verifies (closed).
        SecretEntry next = nextHash == null ? null : new SecretEntry(nextHash, token, Long.MAX_VALUE);
        SecretEntry olderPrevious = token.previous;
        SecretEntry previous = null;
        if (previousHash != null && rotated.previousValidUntil() != null) {
            previous = new SecretEntry(previousHash, token, floorSeconds(rotated.previousValidUntil()));
        }
        // The new secret first, so there is no instant in which neither verifies.
        if (next != null) {
            secrets.put(next, next);
        }
        if (previous != null) {
            secrets.put(previous, previous);
        }
        SecretEntry oldCurrent = token.current;
        if (oldCurrent != null && !oldCurrent.equals(next) && !oldCurrent.equals(previous)) {
            secrets.remove(oldCurrent, oldCurrent);
        }
        if (olderPrevious != null && !olderPrevious.equals(next) && !olderPrevious.equals(previous)) {
            secrets.remove(olderPrevious, olderPrevious);
        }
        token.current = next;
        token.previous = previous;
        token.clearRotationDeadline();
    }

    private void onOwner(String ownerId, Long sequence, java.util.function.Consumer<OwnerRecord> change) {
        OwnerRecord owner = owner(ownerId);
        if (isSeen(owner.lastSequence, sequence)) {
            return;
        }
        change.accept(owner);
        if (sequence != null) {
            owner.lastSequence = sequence;
        }
    }

    private static boolean isSeen(long lastSequence, Long sequence) {
        return sequence != null && sequence <= lastSequence;
    }

    private OwnerRecord owner(String ownerId) {
        return owners.computeIfAbsent(ownerId, OwnerRecord::new);
    }

    private ScopeSet intern(List<String> scopes) {
        Set<String> key = scopes == null ? Set.of()
                : scopes.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        return scopeSets.computeIfAbsent(key, ScopeSet::new);
    }

    /**
     * Null: from anywhere. A value that is not a CIDR is left out, and a token that listed networks
     * but none readable verifies from nowhere (an empty array): a restriction is never lost.
     */
    private static Cidr[] cidrs(List<String> allowed) {
        if (allowed == null || allowed.isEmpty()) {
            return null;
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String value : allowed) {
            try {
                cidrs.add(new Cidr(value));
            } catch (RuntimeException notACidr) {
                // left out (see above)
            }
        }
        return cidrs.toArray(Cidr[]::new);
    }

    /** The hash's four longs, or null when it is not 64 hex digits (such a secret can match nothing). */
    private static long[] hashOrNull(String hexHash) {
        if (hexHash == null || hexHash.length() != 64) {
            return null;
        }
        try {
            return longs(hexHash);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    static long[] longs(String hexHash) {
        byte[] bytes = HexFormat.of().parseHex(hexHash);
        return new long[] {(long) LONGS.get(bytes, 0), (long) LONGS.get(bytes, 8), (long) LONGS.get(bytes, 16),
                (long) LONGS.get(bytes, 24)};
    }

    static long floorSeconds(Instant instant) {
        return instant.getEpochSecond();
    }

    /** A not-before instant with a fraction of a second rounds up: never valid early. */
    static long ceilSeconds(Instant instant) {
        return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
    }

    /** Per-thread hashing state, so a lookup allocates nothing. */
    private static final class Probe {

        private final MessageDigest sha256;
        private final byte[] digest = new byte[32];
        private final long[] hash = new long[4];
        private final HashKey key = new HashKey();

        Probe() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
            }
        }

        long[] digest(String token) {
            sha256.reset();
            for (int i = 0; i < token.length(); i++) {
                sha256.update((byte) token.charAt(i)); // tokens are ASCII (checked by isWellFormed)
            }
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < 4; i++) {
                hash[i] = (long) LONGS.get(digest, i * 8);
            }
            return hash;
        }
    }
}

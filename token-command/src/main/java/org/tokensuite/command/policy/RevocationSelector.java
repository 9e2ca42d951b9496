package org.tokensuite.command.policy;

import org.tokensuite.api.value.Scope;
import org.tokensuite.api.value.TokenId;
import org.tokensuite.api.value.TokenState;
import org.tokensuite.api.value.UserId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which live tokens a bulk revocation takes: every given criterion must hold (AND). Patterns are globs
 * ({@code *} any run of characters, {@code ?} one); {@code scope} matches when any of the token's scopes does,
 * {@code issuedBy} takes the token's descendants (what it issued, transitively), {@code notUsedSince} takes
 * tokens never used or last used before it, {@code state} narrows to one live state (null: both).
 * Revoked and expired tokens are never selected.
 */
public record RevocationSelector(UserId owner, String scope, TokenId issuedBy, Instant issuedBefore,
                                 Instant issuedAfter, Instant notUsedSince, TokenState state, String name) {

    public static final int MAX_PATTERN_LENGTH = 200;

    /** A scope pattern: a scope's characters, with {@code *} and {@code ?} anywhere. */
    private static final Pattern SCOPE_PATTERN = Pattern.compile("[a-z0-9:._*?-]{1," + MAX_PATTERN_LENGTH + "}");

    public RevocationSelector {
        if (scope != null && (!SCOPE_PATTERN.matcher(scope).matches() || !scope.contains(":") && !scope.contains("*"))) {
            throw new IllegalArgumentException("selector.scope: '" + abbreviate(scope)
                    + "' is not a scope (<system>:<action>) or a glob of one ('*', '?')");
        }
        if (scope != null && !isGlob(scope) && !Scope.isValid(scope)) {
            throw new IllegalArgumentException("selector.scope: '" + scope + "' is not <system>:<action> in lowercase");
        }
        if (state != null && state != TokenState.ACTIVE && state != TokenState.SUSPENDED) {
            throw new IllegalArgumentException("selector.state must be active or suspended");
        }
        if (name != null && (name.isEmpty() || name.length() > MAX_PATTERN_LENGTH)) {
            throw new IllegalArgumentException("selector.name must be a pattern of 1-" + MAX_PATTERN_LENGTH + " characters");
        }
        if (issuedBefore != null && issuedAfter != null && !issuedAfter.isBefore(issuedBefore)) {
            throw new IllegalArgumentException("selector.issuedAfter must be before selector.issuedBefore");
        }
    }

    public boolean isEmpty() {
        return owner == null && scope == null && issuedBy == null && issuedBefore == null && issuedAfter == null
                && notUsedSince == null && state == null && name == null;
    }

    /**
     * Only an administrator selects across owners: a selector bound neither to an owner nor to an issuer's lineage
     * could sweep every token in the suite (reach would narrow it for others, but the rule is kept plain).
     */
    public boolean needsAdmin() {
        return owner == null && issuedBy == null;
    }

    /** The live states selected. */
    public Set<TokenState> states() {
        return state == null ? Set.of(TokenState.ACTIVE, TokenState.SUSPENDED) : Set.of(state);
    }

    /**
     * A compact, canonical rendering for the audit log: the given fields in a fixed order, {@code field=value}
     * separated by spaces, patterns quoted; equal selectors render equally.
     */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        add(parts, "owner", owner == null ? null : owner.value());
        add(parts, "scope", scope);
        add(parts, "issuedBy", issuedBy == null ? null : issuedBy.value());
        add(parts, "issuedAfter", issuedAfter == null ? null : issuedAfter.toString());
        add(parts, "issuedBefore", issuedBefore == null ? null : issuedBefore.toString());
        add(parts, "notUsedSince", notUsedSince == null ? null : notUsedSince.toString());
        add(parts, "state", state == null ? null : state.json());
        add(parts, "name", name == null ? null : '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        return String.join(" ", parts);
    }

    /**
     * The glob as an SQL LIKE pattern with {@code \} as escape character, for the database to match whole values:
     * {@code *} any run of characters, {@code ?} one; {@code %}, {@code _} and {@code \} stand for themselves.
     */
    public static String likePattern(String glob) {
        StringBuilder like = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }

    /** Hex SHA-256 of the ids sorted and joined by newlines: what a dry run answers and an execution may insist on. */
    public static String fingerprint(List<String> tokenIds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String joined = String.join("\n", tokenIds.stream().sorted().toList());
            return HexFormat.of().formatHex(sha.digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    private static void add(List<String> parts, String field, String value) {
        if (value != null) {
            parts.add(field + "=" + value);
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}

package org.tokensuite.query.web;

import org.tokensuite.query.index.JsonText;
import org.tokensuite.query.index.TokenRecord;

import java.nio.charset.StandardCharsets;

/**
 * RFC 7662 response bodies as bytes: the inactive answer is one shared constant; an active one
 * is written straight into one exact-size array from fragments the index precomputed.
 */
final class IntrospectionResponses {

    static final byte[] INACTIVE = ascii("{\"active\":false}");

    private static final byte[] OPEN = ascii("{\"active\":true");
    private static final byte[] EXP = ascii(",\"exp\":");
    private static final byte[] IAT = ascii(",\"iat\":");
    private static final byte[] NBF = ascii(",\"nbf\":");
    private static final byte[] JTI = ascii(",\"jti\":\"");
    private static final byte[] CLOSE = ascii("\",\"token_type\":\"Bearer\"}");
    /** The extension member of a superseded secret (previous one of a rotation, inside its overlap). */
    private static final byte[] CLOSE_SUPERSEDED = ascii("\",\"token_type\":\"Bearer\",\"superseded\":true}");

    private IntrospectionResponses() {
    }

    static byte[] active(TokenRecord token) {
        return active(token, false);
    }

    static byte[] active(TokenRecord token, boolean superseded) {
        byte[] close = superseded ? CLOSE_SUPERSEDED : CLOSE;
        byte[] scope = token.scopes().scopeJson();
        byte[] sub = token.owner().subJson();
        String id = token.tokenId();
        // Token ids are plain ASCII when the suite wrote them; an event written otherwise is escaped, never pasted.
        byte[] jti = JsonText.isPlain(id) ? null : JsonText.escaped(id);
        int jtiLength = jti == null ? id.length() : jti.length;
        boolean hasExp = token.hasExpiry();
        long exp = token.expiresAt();
        int length = OPEN.length + scope.length + sub.length
                + (hasExp ? EXP.length + digits(exp) : 0)
                + IAT.length + digits(token.issuedAt())
                + NBF.length + digits(token.notBefore())
                + JTI.length + jtiLength + close.length;
        byte[] out = new byte[length];
        int at = put(out, 0, OPEN);
        at = put(out, at, scope);
        at = put(out, at, sub);
        if (hasExp) {
            at = put(out, at, EXP);
            at = putLong(out, at, exp);
        }
        at = put(out, at, IAT);
        at = putLong(out, at, token.issuedAt());
        at = put(out, at, NBF);
        at = putLong(out, at, token.notBefore());
        at = put(out, at, JTI);
        if (jti == null) {
            for (int i = 0; i < id.length(); i++) {
                out[at++] = (byte) id.charAt(i);
            }
        } else {
            at = put(out, at, jti);
        }
        put(out, at, close);
        return out;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static int digits(long value) {
        if (value < 0) {
            return 1 + digits(value == Long.MIN_VALUE ? Long.MAX_VALUE : -value);
        }
        int digits = 1;
        while (value >= 10) {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int putLong(byte[] out, int at, long value) {
        int end = at + digits(value);
        long rest = value;
        if (rest < 0) {
            out[at] = '-';
            rest = -rest;
        }
        int i = end;
        do {
            out[--i] = (byte) ('0' + (rest % 10));
            rest /= 10;
        } while (rest > 0);
        return end;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

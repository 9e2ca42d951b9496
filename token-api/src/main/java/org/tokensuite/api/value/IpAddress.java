package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A parsed IPv4 or IPv6 address in its canonical text form. Whatever is recorded as a client's
 * address is one of these or absent, never a header's raw text. Never resolves names.
 */
public record IpAddress(String value) {

    @JsonCreator
    public IpAddress {
        byte[] bytes = Cidr.parseLiteral(value);
        if (!canonical(bytes).equals(value)) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address in canonical form");
        }
    }

    /** The address in {@code literal} (IPv6 may be bracketed), canonicalised; IllegalArgumentException if it is none. */
    public static IpAddress parse(String literal) {
        if (literal == null) {
            throw new IllegalArgumentException("no IP address");
        }
        String text = literal.trim();
        if (text.length() > 2 && text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        return new IpAddress(canonical(Cidr.parseLiteral(text)));
    }

    /** Like {@link #parse} but null for anything that is not an IP address. */
    public static IpAddress parseOrNull(String literal) {
        try {
            return parse(literal);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String canonical(byte[] bytes) {
        try {
            // getByAddress only wraps the bytes: no name service is asked.
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address");
        }
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

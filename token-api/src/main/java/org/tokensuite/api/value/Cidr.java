package org.tokensuite.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8}. Never resolves names. */
public record Cidr(String value) {

    private static final Pattern V4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern V6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    @JsonCreator
    public Cidr {
        if (value == null) {
            throw new IllegalArgumentException("CIDR must not be null");
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("CIDR '" + value + "' has no /prefix");
        }
        byte[] network = parseLiteral(value.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(value.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CIDR '" + value + "' has a bad prefix length");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("CIDR '" + value + "' has a prefix length out of range");
        }
    }

    public boolean contains(String address) {
        byte[] candidate;
        try {
            candidate = parseLiteral(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int slash = value.indexOf('/');
        byte[] network = parseLiteral(value.substring(0, slash));
        int prefix = Integer.parseInt(value.substring(slash + 1));
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** Parses an IP literal only: a host name is refused, so no DNS lookup can happen. */
    static byte[] parseLiteral(String literal) {
        if (literal == null || !(V4.matcher(literal).matches() || (literal.contains(":") && V6.matcher(literal).matches()))) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
        if (!literal.contains(":")) {
            String[] parts = literal.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    throw new IllegalArgumentException("'" + literal + "' is not an IP address");
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }
}

package org.tokensuite.query.signal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The network an address belongs to, for "first use from a new network": IPv4 /24, IPv6 /64 by default. */
final class Networks {

    private Networks() {
    }

    /** The network in CIDR notation (e.g. {@code 10.1.2.0/24}), or null when {@code address} is not an IP literal. */
    static String of(String address, int ipv4Prefix, int ipv6Prefix) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return null;
        }
        int prefix = bytes.length == 4 ? ipv4Prefix : ipv6Prefix;
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            String network = InetAddress.getByAddress(bytes).getHostAddress();
            return network + "/" + prefix;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Parses an IP literal only: never a DNS lookup (names are refused before InetAddress sees them). */
    private static byte[] literal(String address) {
        if (address == null || address.isEmpty() || address.length() > 45) {
            return null;
        }
        if (address.indexOf(':') < 0) {
            String[] parts = address.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                    return null;
                }
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return bytes;
        }
        if (!address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null; // also refuses zone ids ("%eth0")
        }
        try {
            // A literal with ':' is never resolved; an IPv4-mapped IPv6 address comes back as its IPv4 address.
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

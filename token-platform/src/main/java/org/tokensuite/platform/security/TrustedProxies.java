package org.tokensuite.platform.security;

import org.tokensuite.api.value.Cidr;
import org.tokensuite.api.value.IpAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Who the client of a request is. Forwarding headers ({@code Forwarded}, else
 * {@code X-Forwarded-For}) count only when the connection comes from a trusted proxy
 * ({@code tokens.http.trusted-proxies}, {@code TOKENS_TRUSTED_PROXIES}; empty by default); then the
 * client is the right-most address in the chain that is not itself a trusted proxy. Every service
 * of the suite asks this one class (through the servlet or reactive {@code ClientAddresses}), for
 * caller authentication, {@code allowedCidrs}, usage tracking and anomaly detection alike. The answer
 * is a parsed address or null, never header text.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Cidr> proxies;

    public TrustedProxies(List<Cidr> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /** From a comma- or space-separated CIDR list (e.g. {@code TOKENS_TRUSTED_PROXIES}); a bare address means /32 or /128. */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String item : list.trim().split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.indexOf('/') < 0) {
                IpAddress address = IpAddress.parse(item);
                item = address.value() + (address.value().contains(":") ? "/128" : "/32");
            }
            cidrs.add(new Cidr(item));
        }
        return new TrustedProxies(cidrs);
    }

    /**
     * The setting {@code tokens.http.trusted-proxies} ({@code TOKENS_TRUSTED_PROXIES}); one that does not
     * parse stops the start, naming the setting.
     */
    public static TrustedProxies parseSetting(String list) {
        try {
            return parse(list);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tokens.http.trusted-proxies (TOKENS_TRUSTED_PROXIES) is not a CIDR list: "
                    + e.getMessage(), e);
        }
    }

    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    public boolean trusts(String address) {
        for (Cidr proxy : proxies) {
            if (proxy.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address.
     *
     * @param remoteAddress  the connection's peer
     * @param forwarded      the values of every {@code Forwarded} header line, in order (may be empty)
     * @param xForwardedFor  the values of every {@code X-Forwarded-For} header line, in order (may be empty)
     */
    public String clientAddress(String remoteAddress, List<String> forwarded, List<String> xForwardedFor) {
        IpAddress peer = IpAddress.parseOrNull(remoteAddress);
        if (peer == null) {
            return null;
        }
        if (proxies.isEmpty() || !trusts(peer.value())) {
            return peer.value();
        }
        List<String> chain = forwarded != null && !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        String nearest = peer.value();
        for (int i = chain.size() - 1; i >= 0; i--) {
            IpAddress hop = IpAddress.parseOrNull(stripPort(chain.get(i)));
            if (hop == null) {
                // An entry we cannot read: nothing to its left can be believed; the last proxy we trust is the client.
                return nearest;
            }
            if (!trusts(hop.value())) {
                return hop.value();
            }
            nearest = hop.value();
        }
        return nearest;
    }

    /**
     * The client's address from the connection's peer and a lookup of a header's values (every line, in
     * order; empty when absent). Headers are not even read when no proxy is trusted.
     */
    public String clientAddress(String remoteAddress, Function<String, List<String>> headerValues) {
        if (proxies.isEmpty()) {
            return clientAddress(remoteAddress, List.of(), List.of());
        }
        return clientAddress(remoteAddress, headerValues.apply("Forwarded"), headerValues.apply("X-Forwarded-For"));
    }

    /**
     * {@link #clientAddress(String, Function)} computed at most once, and only if asked (most tokens restrict no
     * addresses, so most requests never need it).
     */
    public Supplier<String> lazily(Supplier<String> remoteAddress, Function<String, List<String>> headerValues) {
        return new Supplier<>() {
            private boolean resolved;
            private String address;

            @Override
            public String get() {
                if (!resolved) {
                    address = clientAddress(remoteAddress.get(), headerValues);
                    resolved = true;
                }
                return address;
            }
        };
    }

    private static List<String> split(List<String> headerValues) {
        List<String> entries = new ArrayList<>();
        if (headerValues == null) {
            return entries;
        }
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            for (String entry : value.split(",")) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    /** The {@code for=} node of each element of RFC 7239 {@code Forwarded} headers ("" when an element has none). */
    private static List<String> forwardedFor(List<String> headerValues) {
        List<String> nodes = new ArrayList<>();
        for (String element : split(headerValues)) {
            String node = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    node = pair.substring(eq + 1).trim();
                    if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
                        node = node.substring(1, node.length() - 1);
                    }
                }
            }
            nodes.add(node);
        }
        return nodes;
    }

    /** {@code 1.2.3.4:80} → {@code 1.2.3.4}; {@code [::1]:80} → {@code ::1}; other forms unchanged. */
    private static String stripPort(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        if (colon > 0 && colon == node.lastIndexOf(':')) {
            return node.substring(0, colon);
        }
        return node;
    }
}

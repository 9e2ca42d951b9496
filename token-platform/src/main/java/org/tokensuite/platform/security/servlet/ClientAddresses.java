package org.tokensuite.platform.security.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.tokensuite.platform.security.TrustedProxies;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/** Where a servlet request came from, by {@link TrustedProxies}: a parsed IP address or null, never header text. */
public class ClientAddresses {

    private final TrustedProxies proxies;

    public ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public String of(HttpServletRequest request) {
        return proxies.clientAddress(request.getRemoteAddr(), name -> values(request, name));
    }

    private static List<String> values(HttpServletRequest request, String header) {
        Enumeration<String> values = request.getHeaders(header);
        return values == null ? List.of() : Collections.list(values);
    }
}

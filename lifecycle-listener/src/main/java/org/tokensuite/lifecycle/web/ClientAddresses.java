package org.tokensuite.lifecycle.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.tokensuite.api.auth.TrustedProxies;

import java.util.Collections;
import java.util.List;

/**
 * The address a request came from, by the suite's one rule ({@link TrustedProxies}): forwarding
 * headers count only on connections from a configured proxy. A parsed IP, or null.
 */
@Component
public class ClientAddresses {

    private final TrustedProxies proxies;

    public ClientAddresses(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    public String of(HttpServletRequest request) {
        return proxies.clientAddress(request.getRemoteAddr(), values(request, "Forwarded"),
                values(request, "X-Forwarded-For"));
    }

    private static List<String> values(HttpServletRequest request, String header) {
        var values = request.getHeaders(header);
        return values == null ? List.of() : Collections.list(values);
    }
}

package org.tokensuite.query.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.tokensuite.platform.security.IntrospectionClient;
import reactor.core.publisher.Mono;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The fields introspection reads ({@code token}, {@code scope}, {@code client_address}, and the client
 * credentials {@code client_id} / {@code client_secret} of RFC 6749 §2.3.1) from its application/x-www-form-urlencoded body, decoded
 * straight from the body buffer. Spring's form reader looked up its codec, built a multi-value map
 * and ran a longer reactive chain on every call; this decodes exactly as it did: pairs split on
 * {@code &}, trimmed, empty ones skipped; name and value URL-decoded in the content type's charset
 * (UTF-8 by default); a pair without {@code =} has no value; the first value of a name wins; a bad
 * {@code %} escape is an {@link IllegalArgumentException}; a body over {@value #MAX_BYTES} bytes is a
 * {@link org.springframework.core.io.buffer.DataBufferLimitException} (the codecs' default limit);
 * another content type is an empty form.
 */
record IntrospectionForm(String token, String scope, String clientAddress, String clientId, String clientSecret) {

    static final int MAX_BYTES = 256 * 1024;
    static final IntrospectionForm EMPTY = new IntrospectionForm(null, null, null, null, null);

    IntrospectionForm(String token, String scope, String clientAddress) {
        this(token, scope, clientAddress, null, null);
    }

    /** Whether the body carries client credentials (either parameter, even empty). */
    boolean hasClientCredentials() {
        return clientId != null || clientSecret != null;
    }

    static Mono<IntrospectionForm> read(ServerHttpRequest request) {
        Charset charset;
        try {
            charset = formCharset(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE));
        } catch (IllegalArgumentException malformedHeader) {
            return Mono.error(malformedHeader);
        }
        if (charset == null) {
            return Mono.just(EMPTY);
        }
        return DataBufferUtils.join(request.getBody(), MAX_BYTES)
                .map(buffer -> {
                    try {
                        return parse(buffer.toString(charset), charset);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty(EMPTY);
    }

    /**
     * The charset a form body of this {@code Content-Type} is decoded in (UTF-8 unless it names one), or null when the
     * body is not a form (no content type, or another one: its body is an empty form).
     *
     * @throws IllegalArgumentException an unparsable content type or charset: the caller's mistake (400), like a bad escape
     */
    static Charset formCharset(String contentType) {
        if (contentType == null || contentType.isEmpty()) {
            return null;
        }
        MediaType type = MediaType.parseMediaType(contentType);
        if (!type.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            return null;
        }
        return type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
    }

    /** Whether a request of this {@code Content-Type} may carry client credentials in its body. */
    static boolean mayCarryForm(String contentType) {
        try {
            return formCharset(contentType) != null;
        } catch (IllegalArgumentException malformed) {
            return true; // reading the form answers it: 400
        }
    }

    static IntrospectionForm parse(String body, Charset charset) {
        String token = null;
        String scope = null;
        String clientAddress = null;
        String clientId = null;
        String clientSecret = null;
        boolean tokenSeen = false;
        boolean scopeSeen = false;
        int start = 0;
        int length = body.length();
        while (start <= length) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            String pair = body.substring(start, end).trim();
            start = end + 1;
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), charset);
            String value = equals < 0 ? null : URLDecoder.decode(pair.substring(equals + 1), charset);
            if (!tokenSeen && name.equals("token")) {
                token = value;
                tokenSeen = true;
            } else if (!scopeSeen && name.equals("scope")) {
                scope = value;
                scopeSeen = true;
            } else if (clientAddress == null && name.equals(IntrospectionClient.CLIENT_ADDRESS_PARAMETER)) {
                clientAddress = value == null ? "" : value; // present without a value: still present, and not an address
            } else if (clientId == null && name.equals("client_id")) {
                clientId = value == null ? "" : value;
            } else if (clientSecret == null && name.equals("client_secret")) {
                clientSecret = value == null ? "" : value;
            }
        }
        return new IntrospectionForm(token, scope, clientAddress, clientId, clientSecret);
    }
}

package org.tokensuite.query.web;

import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;

import java.util.List;

/**
 * The server's codec configuration with its reader and writer lists built once. Spring builds them
 * anew on every call, and WebFlux asks for the readers on every form request while it creates the
 * exchange (several percent of an introspection's CPU); the configuration does not change once the
 * application serves requests, so the first lists built stay valid.
 */
final class FrozenServerCodecs implements ServerCodecConfigurer {

    private final ServerCodecConfigurer delegate;
    private volatile List<HttpMessageReader<?>> readers;
    private volatile List<HttpMessageWriter<?>> writers;

    FrozenServerCodecs(ServerCodecConfigurer delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<HttpMessageReader<?>> getReaders() {
        List<HttpMessageReader<?>> built = readers;
        if (built == null) {
            built = List.copyOf(delegate.getReaders());
            readers = built;
        }
        return built;
    }

    @Override
    public List<HttpMessageWriter<?>> getWriters() {
        List<HttpMessageWriter<?>> built = writers;
        if (built == null) {
            built = List.copyOf(delegate.getWriters());
            writers = built;
        }
        return built;
    }

    @Override
    public ServerDefaultCodecs defaultCodecs() {
        return delegate.defaultCodecs();
    }

    @Override
    public CustomCodecs customCodecs() {
        return delegate.customCodecs();
    }

    @Override
    public void registerDefaults(boolean registerDefaults) {
        delegate.registerDefaults(registerDefaults);
    }

    @Override
    public ServerCodecConfigurer clone() {
        return delegate.clone();
    }
}

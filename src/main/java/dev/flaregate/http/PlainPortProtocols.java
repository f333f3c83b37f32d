package dev.flaregate.http;

import jakarta.inject.Singleton;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Turns HTTP/2 in clear text off on the plain port and the domain socket unless {@code flaregate.http.h2c} says
 * otherwise (see {@link HttpConfig#h2c()}). Quarkus offers only {@code quarkus.http.http2}, which would take
 * HTTP/2 from TLS clients too.
 */
@Singleton
public class PlainPortProtocols implements HttpServerOptionsCustomizer {

    private final HttpConfig config;

    PlainPortProtocols(HttpConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        restrict(options);
    }

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        restrict(options);
    }

    private void restrict(HttpServerOptions options) {
        if (!config.h2c()) {
            options.setHttp2ClearTextEnabled(false);
        }
    }
}

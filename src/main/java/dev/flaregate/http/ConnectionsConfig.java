package dev.flaregate.http;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Client connections: how many, and their deadlines between requests. The silence allowed in the middle of a
 * request is Quarkus' own {@code quarkus.http.idle-timeout}.
 */
@ConfigMapping(prefix = "flaregate.connections")
public interface ConnectionsConfig {

    /**
     * Longest time for a request head (request line and headers) to arrive whole, counted from the connection's
     * opening or from the first byte after the previous response; then a 408 and the connection is closed.
     */
    @WithDefault("10s")
    Duration headTimeout();

    /**
     * How long a connection with no request in flight stays open. Longer than the idle timeout of the proxies in
     * front (ingress-nginx keeps upstream connections 60 s), so that the gateway does not close a connection
     * a proxy is about to reuse.
     */
    @WithDefault("75s")
    Duration keepAliveTimeout();

    /**
     * Connections open at once; one more is closed as soon as it is accepted. Quarkus'
     * {@code quarkus.http.limits.max-connections} does the same but registers its gauge once per event loop, with a
     * warning at every start.
     */
    @WithDefault("4096")
    int maxOpen();
}

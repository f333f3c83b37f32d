package dev.flaregate.lifecycle;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.http.RouteOrder;
import dev.flaregate.openai.ErrorResponse;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * What happens between SIGTERM and exit. Quarkus marks readiness down at once; for {@code quarkus.shutdown.delay}
 * new requests are still served, because load balancers and kube-proxy take a few seconds to stop sending them;
 * after it they are refused with a 503 that OpenAI clients retry (elsewhere, since the connection is closed),
 * while the requests and streams already in flight have until {@code quarkus.shutdown.timeout} to finish.
 */
@ApplicationScoped
class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);

    private final Duration delay;
    private final Optional<Duration> drainTimeout;
    private final String refusal;
    private volatile boolean shuttingDown;
    private volatile long refuseFromNanos;

    ShutdownDrain(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> drainTimeout, ObjectMapper json)
            throws JsonProcessingException {
        this.delay = delay.orElse(Duration.ZERO);
        this.drainTimeout = drainTimeout;
        this.refusal = json.writeValueAsString(ErrorResponse.of("This Flaregate instance is shutting down; retry "
                + "the request", "api_error", null, "server_shutting_down"));
    }

    void onShutdownRequested(@Observes ShutdownDelayInitiatedEvent event) {
        refuseFromNanos = System.nanoTime() + delay.toNanos();
        shuttingDown = true;
        LOG.infof("Shutting down: readiness is down; new requests are served for %d ms more, then refused; requests "
                + "and streams in flight have %s to finish", delay.toMillis(),
                drainTimeout.map(t -> t.toMillis() + " ms").orElse("no time"));
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.SHUTDOWN_DRAIN).handler(ctx -> {
            if (shuttingDown && System.nanoTime() - refuseFromNanos >= 0 && !ctx.request().path().startsWith("/q/")) {
                ctx.response().setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("Retry-After", "1")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(refusal);
                return;
            }
            ctx.next();
        });
    }
}

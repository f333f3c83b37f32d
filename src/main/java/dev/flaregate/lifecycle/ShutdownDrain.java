package dev.flaregate.lifecycle;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.flaregate.error.ApiError;
import dev.flaregate.http.EarlyRefusal;
import dev.flaregate.http.QuarkusPaths;
import dev.flaregate.http.RouteOrder;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
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
    private final EarlyRefusal refusal;
    private final QuarkusPaths quarkusPaths;
    private volatile boolean shuttingDown;
    private volatile long refuseFromNanos;

    ShutdownDrain(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> drainTimeout, EarlyRefusal refusal,
            QuarkusPaths quarkusPaths) {
        this.delay = delay.orElse(Duration.ZERO);
        this.drainTimeout = drainTimeout;
        this.refusal = refusal;
        this.quarkusPaths = quarkusPaths;
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
            if (shuttingDown && System.nanoTime() - refuseFromNanos >= 0 && !quarkusPaths.isQuarkus(ctx)) {
                refusal.send(ctx, new ApiError(503, "api_error", "server_shutting_down", null,
                        "This Flaregate instance is shutting down; retry the request", Duration.ofSeconds(1)));
                return;
            }
            ctx.next();
        });
    }
}

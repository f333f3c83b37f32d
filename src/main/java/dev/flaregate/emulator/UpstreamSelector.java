package dev.flaregate.emulator;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.flaregate.workersai.AiGatewayConfig;
import dev.flaregate.workersai.CloudflareConfig;
import dev.flaregate.workersai.WorkersAiConfig;
import dev.flaregate.workersai.WorkersAiTarget;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Decides, once at startup, where Workers AI calls go: with both Cloudflare credentials, to
 * {@code FLAREGATE_WORKERS_AI_URL} and the emulator never starts; with either missing, to a fresh emulator on
 * loopback, announced by one warning.
 */
@ApplicationScoped
class UpstreamSelector {

    private static final Logger LOG = Logger.getLogger(UpstreamSelector.class);
    private static final String EMULATOR_ACCOUNT = "emulator";

    private HttpServer emulatorServer;

    @Produces
    @Singleton
    @Startup
    WorkersAiTarget target(CloudflareConfig cloudflare, WorkersAiConfig workersAi, AiGatewayConfig gateway,
            EmulatorConfig emulator, Vertx vertx) throws Exception {
        if (cloudflare.complete()) {
            return WorkersAiTarget.direct(workersAi.url(), cloudflare.accountId().orElseThrow(),
                    cloudflare.apiToken().orElseThrow(), false).through(gateway);
        }
        // By default a per-run token: the emulator checks it like Cloudflare would, and it is worth nothing elsewhere.
        String token = emulator.token().orElseGet(() -> UUID.randomUUID().toString());
        emulatorServer = new WorkersAiEmulator(EMULATOR_ACCOUNT, token, emulator.tokenInterval())
                .listen(vertx, emulator.host(), emulator.port())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String base = "http://" + emulator.host() + ":" + emulatorServer.actualPort() + WorkersAiEmulator.API_BASE;
        LOG.warnf("CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN are not both set: serving from the built-in "
                + "Workers AI emulator at %s. Answers are synthetic; set both variables to use Cloudflare.", base);
        if (cloudflare.halfSet()) {
            LOG.error("Only one of CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN is set: readiness stays DOWN until "
                    + "both are");
        }
        return WorkersAiTarget.direct(base, EMULATOR_ACCOUNT, token, true);
    }

    /** Dev mode restarts the application on every change but keeps Vert.x: free the port each time. */
    @PreDestroy
    void stopEmulator() {
        if (emulatorServer != null) {
            emulatorServer.close();
        }
    }
}

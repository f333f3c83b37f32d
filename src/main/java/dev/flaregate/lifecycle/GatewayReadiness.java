package dev.flaregate.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.workersai.CloudflareConfig;
import dev.flaregate.workersai.WorkersAiTarget;

/**
 * Ready means configured to serve: an upstream chosen and a model catalogue loaded. It never calls Workers AI, so
 * one failed call, or even an outage (which clients learn of as precise errors, and the breaker absorbs), does not
 * take every replica out of its Service at once. Half a set of credentials is a mistake, not a request for the
 * emulator: such a pod stays unready, so a rollout with a broken Secret stalls instead of replacing good pods.
 */
@Readiness
@ApplicationScoped
class GatewayReadiness implements HealthCheck {

    private final CloudflareConfig cloudflare;
    private final WorkersAiTarget target;
    private final ModelCatalogue catalogue;

    GatewayReadiness(CloudflareConfig cloudflare, WorkersAiTarget target, ModelCatalogue catalogue) {
        this.cloudflare = cloudflare;
        this.target = target;
        this.catalogue = catalogue;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("flaregate")
                .withData("upstream", target.emulated() ? "emulator" : target.throughGateway() ? "ai-gateway"
                        : "workers-ai")
                .withData("models", catalogue.models().size());
        if (cloudflare.halfSet()) {
            return response.down()
                    .withData("configuration", "only one of CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN is set")
                    .build();
        }
        return response.status(!catalogue.models().isEmpty()).build();
    }
}

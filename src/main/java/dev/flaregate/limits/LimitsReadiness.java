package dev.flaregate.limits;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Says where limits are counted, and while Redis is given up which share of each limit this instance enforces
 * alone. Always UP: without Redis the gateway still serves, with per-instance limits, and
 * taking every replica out of its Service because Redis is down would turn a degraded limit into an outage.
 */
@Readiness
@ApplicationScoped
class LimitsReadiness implements AsyncHealthCheck {

    private final Limits limits;

    LimitsReadiness(Limits limits) {
        this.limits = limits;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!limits.shared()) {
            return Uni.createFrom().item(response("not configured", "per-instance"));
        }
        return limits.probeRedis().map(up -> up ? response("up", "shared")
                : HealthCheckResponse.named("limits").up().withData("redis", "down").withData("counted", "per-instance")
                        .withData("share", "1/" + limits.replicas()).build());
    }

    private static HealthCheckResponse response(String redis, String counted) {
        return HealthCheckResponse.named("limits").up().withData("redis", redis).withData("counted", counted).build();
    }
}

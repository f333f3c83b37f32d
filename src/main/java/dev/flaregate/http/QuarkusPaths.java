package dev.flaregate.http;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus' own endpoints (health probes, metric scrapes, under {@code quarkus.http.non-application-root-path}),
 * which the gateway's route filters leave alone: they are no client's requests. The normalized path is the one
 * judged, so that {@code /q/../v1/...} cannot pass for one of them; a path with dot segments is never one of them,
 * so that its refusal ({@link PathSegments}) is counted and logged like any client's.
 */
@ApplicationScoped
public class QuarkusPaths {

    private final String prefix;

    QuarkusPaths(@ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String root) {
        this.prefix = "/" + root.replaceAll("^/+|/+$", "") + "/";
    }

    public boolean isQuarkus(RoutingContext ctx) {
        return ctx.normalizedPath().startsWith(prefix) && !PathSegments.hasDotSegment(ctx.request().path());
    }
}

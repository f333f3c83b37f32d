package dev.flaregate.metrics;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.flaregate.http.RequestIds;
import dev.flaregate.http.RouteOrder;
import io.vertx.ext.web.Router;

/**
 * Opens a {@link RequestRecord} for each request and hands it to the metrics and the access log when the response
 * has ended, or when the client has gone before that. Quarkus' own endpoints (health probes, metric scrapes) are not
 * requests of the gateway's clients and are left out. Runs after {@link RequestIds}, whose id it records, and before
 * any handler that may answer on its own (the body limit), so that those answers are counted too.
 */
class RequestObserver {

    private final GatewayMetrics metrics;
    private final AccessLog accessLog;
    private final String quarkusPaths;

    RequestObserver(GatewayMetrics metrics, AccessLog accessLog,
            @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q") String quarkusRoot) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.quarkusPaths = "/" + quarkusRoot.replaceAll("^/+|/+$", "") + "/";
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_OBSERVER).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path.startsWith(quarkusPaths)) {
                ctx.next();
                return;
            }
            RequestRecord record = RequestRecord.start(ctx.response().headers().get(RequestIds.HEADER),
                    ctx.request().method().name(), path);
            ctx.addEndHandler(ended -> {
                int status = ctx.response().getStatusCode();
                metrics.requestEnded(record, status);
                accessLog.log(record, status, ended.succeeded());
            });
            ctx.next();
        });
    }
}

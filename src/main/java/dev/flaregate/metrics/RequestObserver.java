package dev.flaregate.metrics;

import jakarta.enterprise.event.Observes;

import dev.flaregate.http.QuarkusPaths;
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
    private final QuarkusPaths quarkusPaths;

    RequestObserver(GatewayMetrics metrics, AccessLog accessLog, QuarkusPaths quarkusPaths) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.quarkusPaths = quarkusPaths;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_OBSERVER).handler(ctx -> {
            if (quarkusPaths.isQuarkus(ctx)) {
                ctx.next();
                return;
            }
            RequestRecord record = RequestRecord.start(ctx.response().headers().get(RequestIds.HEADER),
                    ctx.request().method().name(), ctx.normalizedPath());
            ctx.addEndHandler(ended -> {
                int status = ctx.response().getStatusCode();
                metrics.requestEnded(record, status);
                accessLog.log(record, status, ended.succeeded());
            });
            ctx.next();
        });
    }
}

package dev.flaregate.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.event.Observes;

import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

/**
 * Carries AI Gateway's headers across the gateway: a client's {@code cf-aig-*} request headers (cache TTL, skip
 * cache, cache key, metadata, request timeout, ...) to the upstream call, and AI Gateway's answer headers
 * ({@code cf-aig-cache-status}, {@code cf-aig-log-id}) back to the client. They travel in the request's Vert.x
 * context, so the layers between need not know about them.
 */
public class AiGatewayHeaders {

    public static final String PREFIX = "cf-aig-";
    /** What AI Gateway says about the call and the client may want: whether it was cached, and where it is logged. */
    public static final Set<String> ANSWERED = Set.of("cf-aig-cache-status", "cf-aig-log-id");
    /** The gateway's own credential: set by configuration only, never taken from a client. */
    private static final String AUTHORIZATION = "cf-aig-authorization";
    private static final String REQUEST_KEY = "flaregate.aig.request-headers";
    private static final String RESPONSE_KEY = "flaregate.aig.response";

    void install(@Observes Router router) {
        router.route().order(RouteOrder.AI_GATEWAY_HEADERS).handler(ctx -> {
            Map<String, String> forwarded = new LinkedHashMap<>();
            ctx.request().headers().forEach(h -> {
                String name = h.getKey().toLowerCase();
                if (name.startsWith(PREFIX) && !name.equals(AUTHORIZATION)) {
                    forwarded.put(name, h.getValue());
                }
            });
            if (!forwarded.isEmpty()) {
                ContextLocals.put(REQUEST_KEY, forwarded);
            }
            ContextLocals.put(RESPONSE_KEY, ctx.response());
            ctx.next();
        });
    }

    /** The current request's {@code cf-aig-*} headers, to pass on. */
    public static Map<String, String> forwarded() {
        return Vertx.currentContext() == null ? Map.of() : ContextLocals.get(REQUEST_KEY, Map.of());
    }

    /** Puts an AI Gateway answer header on the current response, unless its head is already on its way. */
    public static void answer(String name, String value) {
        if (Vertx.currentContext() == null) {
            return;
        }
        HttpServerResponse response = ContextLocals.get(RESPONSE_KEY, null);
        if (response != null && !response.headWritten()) {
            response.putHeader(name, value);
        }
    }
}

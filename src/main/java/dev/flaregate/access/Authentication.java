package dev.flaregate.access;

import jakarta.enterprise.event.Observes;

import dev.flaregate.error.ApiError;
import dev.flaregate.http.EarlyRefusal;
import dev.flaregate.http.QuarkusPaths;
import dev.flaregate.http.RouteOrder;
import dev.flaregate.metrics.RequestRecord;
import io.smallrye.common.vertx.ContextLocals;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requires one of the gateway's API keys on every request but health and metrics ({@code /q/}), before the request
 * reaches an endpoint: in {@code Authorization: Bearer}, as the OpenAI SDKs send it, or in {@code api-key} (Azure
 * OpenAI clients) or {@code x-api-key}. With no keys configured the gateway is open and this filter is not
 * installed.
 */
public class Authentication {

    private static final String CLIENT = "flaregate.client";
    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final EarlyRefusal refusal;
    private final QuarkusPaths quarkusPaths;

    Authentication(ApiKeys keys, EarlyRefusal refusal, QuarkusPaths quarkusPaths) {
        this.keys = keys;
        this.refusal = refusal;
        this.quarkusPaths = quarkusPaths;
    }

    void install(@Observes Router router) {
        if (!keys.required()) {
            return;
        }
        router.route().order(RouteOrder.AUTHENTICATION).handler(this::authenticate);
    }

    private void authenticate(RoutingContext ctx) {
        if (quarkusPaths.isQuarkus(ctx)) {
            ctx.next();
            return;
        }
        String presented = presentedKey(ctx.request());
        if (presented == null) {
            refusal.send(ctx, invalidKey("You didn't provide an API key. Send it in an Authorization header "
                    + "(Authorization: Bearer YOUR_KEY), or in an api-key or x-api-key header."));
            return;
        }
        keys.find(presented).ifPresentOrElse(client -> {
            ContextLocals.put(CLIENT, new Client(client, ctx.response()));
            RequestRecord.current().key(client.name());
            ctx.next();
        }, () -> refusal.send(ctx, invalidKey("Incorrect API key provided. Ask the operator of this gateway "
                + "for a key.")));
    }

    /** The client of the request being served, or null when keys are not required (or outside a request). */
    public static Client current() {
        return Vertx.currentContext() == null ? null : ContextLocals.<Client>get(CLIENT, null);
    }

    private static ApiError invalidKey(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message, null);
    }

    private static String presentedKey(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return nonBlank(authorization.substring(BEARER.length()));
        }
        String apiKey = request.getHeader("api-key");
        return nonBlank(apiKey != null ? apiKey : request.getHeader("x-api-key"));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An authenticated request: its key, and its response, which limit headers are added to. */
    public record Client(ClientKey key, HttpServerResponse response) {
    }
}

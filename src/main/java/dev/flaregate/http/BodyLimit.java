package dev.flaregate.http;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.flaregate.error.ApiError;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} by its declared length, in OpenAI's envelope:
 * Quarkus itself would answer an empty 413 that the OpenAI SDKs cannot explain to their users.
 */
class BodyLimit {

    private final long maxBytes;
    private final EarlyRefusal refusal;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            EarlyRefusal refusal) {
        this.maxBytes = maxBodySize.asLongValue();
        this.refusal = refusal;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.BODY_LIMIT).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBytes) {
                refusal.send(ctx, new ApiError(413, "invalid_request_error", "request_too_large", null,
                        "The request body is larger than the " + (maxBytes >> 20) + " MiB this gateway accepts",
                        null));
                return;
            }
            ctx.next();
        });
    }
}

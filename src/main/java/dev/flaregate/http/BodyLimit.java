package dev.flaregate.http;

import java.util.Set;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.flaregate.error.ApiError;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} in OpenAI's envelope: Quarkus itself would answer
 * an empty 413 that the OpenAI SDKs cannot explain to their users. A declared length is judged at once; a body of
 * undeclared length (chunked) is read here, up to the limit, and handed on as read.
 */
class BodyLimit {

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxBytes;
    private final EarlyRefusal refusal;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            EarlyRefusal refusal) {
        this.maxBytes = maxBodySize.asLongValue();
        this.refusal = refusal;
    }

    void install(@Observes Router router) {
        BodyHandler undeclared = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route().order(RouteOrder.BODY_LIMIT).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length == null && WITH_BODY.contains(ctx.request().method())) {
                // Quarkus REST would stream such a body and end an oversized one with an empty 413.
                undeclared.handle(ctx);
                return;
            }
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBytes) {
                refusal.send(ctx, tooLarge());
                return;
            }
            ctx.next();
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refusal.send(ctx, tooLarge());
            } else {
                ctx.next();
            }
        });
    }

    private ApiError tooLarge() {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the " + (maxBytes >> 20) + " MiB this gateway accepts", null);
    }
}

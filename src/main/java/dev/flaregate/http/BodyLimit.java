package dev.flaregate.http;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.openai.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Refuses a body over {@code quarkus.http.limits.max-body-size} by its declared length, in OpenAI's envelope:
 * Quarkus itself would answer an empty 413 that the OpenAI SDKs cannot explain to their users.
 */
class BodyLimit {

    private final long maxBytes;
    private final String refusal;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json)
            throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.refusal = json.writeValueAsString(ErrorResponse.of("The request body is larger than the "
                + (maxBytes >> 20) + " MiB this gateway accepts", "invalid_request_error", null, "request_too_large"));
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.BODY_LIMIT).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBytes) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(refusal);
                return;
            }
            ctx.next();
        });
    }
}

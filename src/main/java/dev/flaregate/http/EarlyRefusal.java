package dev.flaregate.http;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.metrics.RequestRecord;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers an {@link ApiError} from a Vert.x route filter, which runs before JAX-RS and so before its exception
 * mappers: the same envelope, the same headers, and the same record for the metrics as every other error. The
 * connection is closed, because the request body, if any, was never read.
 */
@ApplicationScoped
public class EarlyRefusal {

    private final ObjectMapper json;

    EarlyRefusal(ObjectMapper json) {
        this.json = json;
    }

    public void send(RoutingContext ctx, ApiError error) {
        RequestRecord.current().failed(error, error);
        HttpServerResponse response = ctx.response().setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close");
        error.headers().forEach(response::putHeader);
        response.end(JsonBuffers.write(json, error.toResponse()));
    }
}

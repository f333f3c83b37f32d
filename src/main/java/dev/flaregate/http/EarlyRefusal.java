package dev.flaregate.http;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.metrics.RequestRecord;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers an {@link ApiError} from a Vert.x route filter, which runs before JAX-RS and so before its exception
 * mappers: the same envelope, the same headers, and the same record for the metrics as every other error.
 * <p>
 * An HTTP/1 connection is then closed, because the request body, if any, was not read: Vert.x would otherwise keep
 * the connection for the next request and read the rest of the body, however long, for nobody. A client still
 * sending its body is given a short while to finish, its bytes dropped as they come, since closing a connection
 * with unread bytes resets it, and a reset can reach the client before the answer does.
 */
@ApplicationScoped
public class EarlyRefusal {

    private static final long LINGER_MILLIS = 5_000;

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
        response.end(JsonBuffers.write(json, error.toResponse())).onComplete(written -> close(ctx));
    }

    private static void close(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long linger = ctx.vertx().setTimer(LINGER_MILLIS, id -> request.connection().close());
        request.handler(dropped -> { })
                .endHandler(end -> {
                    ctx.vertx().cancelTimer(linger);
                    request.connection().close();
                })
                .resume();
    }
}

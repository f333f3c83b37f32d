package dev.flaregate.http;

import java.util.Arrays;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.flaregate.error.ApiError;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests that fail below the endpoints because of what the client sent or did: a body whose chunked framing
 * cannot be decoded, a connection closed halfway through the body, a request without a Host header. Quarkus' error
 * page would log each at ERROR with a stack trace (before any API key is checked, so anyone could fill the logs)
 * and answer a 400 of its own shape; here each is one INFO line (DEBUG for a client gone away) and OpenAI's
 * envelope where the connection is still open.
 */
public class ClientMistakes {

    private static final Logger LOG = Logger.getLogger(ClientMistakes.class);
    /** How deep in a failure's stack Netty's HTTP decoder is looked for: it throws its own failures. */
    private static final int DECODER_FRAMES = 3;
    /** A path is the client's text: a log line quotes no more of it than a person would read. */
    private static final int LOGGED_PATH = 200;

    private final EarlyRefusal refusal;

    ClientMistakes(EarlyRefusal refusal) {
        this.refusal = refusal;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.CLIENT_MISTAKES).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (failure instanceof HttpClosedException) {
                LOG.debugf("The client closed the connection to %s before the request was read", path(ctx));
                if (!ctx.response().ended()) {
                    ctx.response().end();
                }
            } else if (fromHttpDecoder(failure)) {
                // Vert.x has closed the connection already: there is no one left to answer.
                LOG.infof("Refused a request to %s whose body could not be decoded: %s", path(ctx),
                        failure.getMessage());
                answer(ctx, "The request body's HTTP framing (its chunked encoding) is malformed");
            } else if (ctx.statusCode() == 400 && failure != null) {
                // Vert.x Web refuses a request it cannot route: no Host header, or a path that is not one.
                LOG.infof("Refused a request to %s that could not be routed: %s", path(ctx), failure.getMessage());
                answer(ctx, String.valueOf(failure.getMessage()).contains("Host")
                        ? "The request has no Host header, which HTTP/1.1 requires"
                        : "The request path must start with '/'");
            } else {
                ctx.next();
            }
        });
    }

    private void answer(RoutingContext ctx, String message) {
        if (ctx.response().closed() || ctx.response().headWritten()) {
            ctx.response().reset();
        } else {
            refusal.send(ctx, new ApiError(400, "invalid_request_error", "malformed_request", null, message, null));
        }
    }

    private static boolean fromHttpDecoder(Throwable failure) {
        return failure instanceof DecoderException || failure != null && Arrays.stream(failure.getStackTrace())
                .limit(DECODER_FRAMES).anyMatch(frame -> frame.getClassName().startsWith("io.netty.handler.codec."));
    }

    /** The path as sent, cut short. */
    private static String path(RoutingContext ctx) {
        String path = String.valueOf(ctx.request().path());
        return path.length() > LOGGED_PATH ? path.substring(0, LOGGED_PATH) + "..." : path;
    }
}

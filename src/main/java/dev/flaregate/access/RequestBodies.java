package dev.flaregate.access;

import java.time.Duration;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.flaregate.error.ApiError;
import dev.flaregate.http.EarlyRefusal;
import dev.flaregate.http.RouteOrder;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Receives every request body, after the key check, so that a request without a valid key is refused before a
 * byte of its body is read. Each body takes its bytes from {@link BodyMemory} before they are read, is read within
 * {@link RequestBodiesConfig#timeout()}, and is handed to Quarkus REST whole, in the same way whether its length was
 * declared or it came in chunks. Refusals use OpenAI's envelope (Quarkus' own would be empty) and close the
 * connection, since the rest of the body is not read: 413 for a body over the per-request limit, 429 or 503 when
 * the key's or the instance's allowance is taken, 408 for a body too slow.
 */
class RequestBodies {

    private final long maxBytes;
    private final Duration timeout;
    private final BodyMemory memory;
    private final EarlyRefusal refusal;

    RequestBodies(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            RequestBodiesConfig config, EarlyRefusal refusal) {
        this.maxBytes = maxBodySize.asLongValue();
        this.timeout = config.timeout();
        long instance = config.maxInFlight().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 4);
        this.memory = new BodyMemory(instance,
                config.maxInFlightPerKey().map(MemorySize::asLongValue).orElse(instance / 2));
        this.refusal = refusal;
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.REQUEST_BODIES).handler(this::receive);
    }

    private void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        // HTTP/2 has no chunked encoding: a body of undeclared length is one whose stream has not ended.
        boolean chunked = length == null && (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || request.version() == HttpVersion.HTTP_2 && !request.isEnded());
        if (request.isEnded() || !chunked && (length == null || "0".equals(length))) {
            ctx.next();
            return;
        }
        long declared = chunked ? -1 : declaredLength(length);
        if (!chunked && declared < 0) {
            // Vert.x has already answered a malformed length; nothing reaches here that it let through.
            ctx.next();
            return;
        }
        if (declared > maxBytes) {
            refusal.send(ctx, tooLarge());
            return;
        }
        Authentication.Client client = Authentication.current();
        new Upload(ctx, client == null ? null : client.key().name(), declared).start();
    }

    private static long declaredLength(String length) {
        return length.length() < 19 && length.chars().allMatch(Character::isDigit) ? Long.parseLong(length) : -1;
    }

    private ApiError tooLarge() {
        return new ApiError(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than the " + (maxBytes >> 20) + " MiB this gateway accepts", null);
    }

    private ApiError refused(BodyMemory.Refusal refusal) {
        return switch (refusal) {
            case KEY -> new ApiError(429, "requests", "too_many_uploads", null, "This API key's requests are "
                    + "already sending the gateway " + (memory.keyCeiling() >> 20) + " MiB of request bodies, its "
                    + "limit; retry when some of them have finished", null);
            case INSTANCE -> new ApiError(503, "server_error", "gateway_overloaded", null, "The gateway is "
                    + "receiving " + (memory.instanceCeiling() >> 20) + " MiB of request bodies at once, its limit; "
                    + "retry shortly", null);
        };
    }

    /** One body being received: its bytes taken, its deadline set, given back once its request has ended. */
    private final class Upload {

        private final RoutingContext ctx;
        private final String key;
        private Buffer body;
        private long taken;
        private long timer = -1;
        private boolean over;

        Upload(RoutingContext ctx, String key, long declared) {
            this.ctx = ctx;
            this.key = key;
            // Nothing is allocated for a body until its bytes have been granted.
            if (declared < 0 || take(declared)) {
                body = declared >= 0 ? Buffer.buffer((int) declared) : Buffer.buffer();
            }
        }

        void start() {
            if (over) {
                return;
            }
            ctx.addEndHandler(ended -> giveBack());
            timer = ctx.vertx().setTimer(timeout.toMillis(), id -> refuse(new ApiError(408, "invalid_request_error",
                    "request_timeout", null, "The request body did not arrive within " + timeout.toSeconds()
                            + " s", null)));
            HttpServerRequest request = ctx.request();
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                // Only now that the key and the allowance are settled; Quarkus REST must not send a second one.
                ctx.response().writeContinue();
                request.headers().remove(HttpHeaders.EXPECT);
            }
            request.handler(this::chunk).endHandler(v -> end()).exceptionHandler(this::broken).resume();
        }

        private void chunk(Buffer chunk) {
            if (over) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refuse(tooLarge());
                return;
            }
            if (body.length() + chunk.length() > taken && !take(body.length() + chunk.length() - taken)) {
                return;
            }
            body.appendBuffer(chunk);
        }

        private void end() {
            if (over) {
                return;
            }
            over = true;
            ctx.vertx().cancelTimer(timer);
            ((RoutingContextInternal) ctx).setBody(body);
            ctx.next();
        }

        private boolean take(long bytes) {
            BodyMemory.Refusal refusal = memory.take(key, bytes);
            if (refusal != null) {
                refuse(refused(refusal));
                return false;
            }
            taken += bytes;
            return true;
        }

        private void refuse(ApiError error) {
            if (stop() && !ctx.response().headWritten()) {
                refusal.send(ctx, error);
            }
        }

        /** The body could not be read (framing Netty cannot decode, a client gone): the failure handlers say so. */
        private void broken(Throwable failure) {
            if (stop()) {
                ctx.fail(failure);
            }
        }

        /** Ends the upload early; false if it had ended already. */
        private boolean stop() {
            if (over) {
                return false;
            }
            over = true;
            ctx.vertx().cancelTimer(timer);
            giveBack();
            // The connection may outlive this request a little; what was read must not.
            body = null;
            return true;
        }

        private void giveBack() {
            if (taken > 0) {
                memory.give(key, taken);
                taken = 0;
            }
        }
    }
}

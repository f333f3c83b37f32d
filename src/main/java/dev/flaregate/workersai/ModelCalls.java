package dev.flaregate.workersai;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.flaregate.http.JsonBuffers;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Model calls ({@code POST /run/{model}}), streamed or not, on Vert.x's HTTP client rather than the REST client,
 * which stays for the catalogue. Every request of the gateway makes one of these, so they cost what an HTTP
 * exchange costs: the body is written once as JSON bytes and the answer read once from bytes, with none of the
 * REST client's per-call URI templating, filter chain and entity lookups (about a tenth of the gateway's CPU per
 * request when it was in the path).
 * <p>
 * Streams: the REST client closes an SSE connection only after the stream has ended, by which time its pool may
 * have handed the connection to another request. Here a stream's connection goes back to the pool when the stream
 * has ended, and is dropped when the stream is cancelled (a stop sequence, a client gone), so that Workers AI
 * stops generating. Frames are handed on as they arrive, one event at a time: nothing is batched.
 */
final class ModelCalls {

    private static final String DONE = "[DONE]";

    private final EventLoopClients clients;
    /** The run URL in parts, as Vert.x would otherwise parse the absolute URL again for every call. */
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String runPath;
    private final UpstreamHeaders headers;
    private final ObjectMapper json;

    ModelCalls(Vertx vertx, WorkersAiTarget target, UpstreamHeaders headers, WorkersAiConfig config,
            ObjectMapper json) {
        this.clients = new EventLoopClients(vertx, new HttpClientOptions()
                .setName("workers-ai")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnections())
                .setKeepAlive(true)
                // A connection left to finish after [DONE] that never does is closed once it has been silent this long.
                .setIdleTimeout((int) config.streamIdleTimeout().toSeconds())
                .setVerifyHost(true));
        URI runBase = target.runBase();
        this.ssl = "https".equalsIgnoreCase(runBase.getScheme());
        // An IPv6 literal comes bracketed, as in the URL; Vert.x wants the address alone.
        this.host = runBase.getHost().replaceAll("^\\[(.*)]$", "$1");
        this.port = runBase.getPort() >= 0 ? runBase.getPort() : ssl ? 443 : 80;
        this.runPath = runBase.getRawPath() + "/";
        this.headers = headers;
        this.json = json;
    }

    void close() {
        clients.close();
    }

    /**
     * One call's envelope, read by {@code envelope}; Workers AI's error answers fail typed. Cancelling it (a
     * timeout) drops the connection, since the answer would arrive for nobody.
     */
    <T> Uni<WorkersAiEnvelope<T>> post(String model, Object body, ObjectReader envelope) {
        return Uni.createFrom().emitter(emitter -> {
            Buffer payload = JsonBuffers.write(json, body);
            clients.current().request(options(model, "application/json"))
                    .onFailure(emitter::fail)
                    .onSuccess(request -> exchange(request, payload, envelope, emitter));
        });
    }

    private <T> void exchange(HttpClientRequest request, Buffer payload, ObjectReader envelope,
            UniEmitter<? super WorkersAiEnvelope<T>> emitter) {
        AtomicBoolean answered = new AtomicBoolean();
        Context own = Vertx.currentContext();
        emitter.onTermination(() -> {
            if (!answered.get()) {
                onOwnLoop(own, () -> {
                    if (!answered.get()) {
                        request.reset();
                    }
                });
            }
        });
        request.send(payload)
                .onFailure(emitter::fail)
                .onSuccess(response -> body(response)
                        .onFailure(emitter::fail)
                        .onSuccess(answer -> {
                            answered.set(true);
                            headers.readFrom(response::getHeader);
                            if (response.statusCode() / 100 != 2) {
                                emitter.fail(WorkersAiErrors.decode(response.statusCode(), answer.toString(),
                                        response::getHeader));
                                return;
                            }
                            try {
                                emitter.complete(JsonBuffers.read(envelope, answer));
                            } catch (IOException e) {
                                emitter.fail(e);
                            }
                        }));
    }

    /**
     * The whole answer, its chunks joined as they are: Vert.x's own {@code body()} copies them into one buffer that
     * it grows by doubling, which for the megabyte of a hundred embeddings was a third of what the gateway
     * allocated, in arrays large enough to make the collector's work heavy.
     */
    private static Future<Buffer> body(HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        CompositeByteBuf chunks = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        response.handler(chunk -> chunks.addComponent(true, chunk.getByteBuf()));
        response.exceptionHandler(body::tryFail);
        response.endHandler(end -> body.tryComplete(Buffer.buffer(chunks)));
        return body.future();
    }

    /**
     * The {@code data} of each event of a streamed call, up to Workers AI's {@code [DONE]}, where it completes; a
     * response that ends without one fails as {@link WorkersAiException.Kind#TRUNCATED_STREAM}. Workers AI's error
     * answers fail typed.
     */
    Multi<String> stream(String model, Object body) {
        return Multi.createFrom().emitter(emitter -> {
            Buffer payload = JsonBuffers.write(json, body);
            clients.current().request(options(model, "text/event-stream"))
                    .onFailure(emitter::fail)
                    .onSuccess(request -> send(request, payload, emitter));
        });
    }

    /**
     * Runs a call's reset on the event loop its answer arrives on, after whatever that loop is doing. A reset from
     * another thread (the client's loop, a timer) is run later on the connection's loop by Vert.x anyway; if the
     * answer ended meanwhile, the connection is already back in the pool, maybe another call's, and Vert.x closes
     * it under that call (which then fails with a closed channel, as if Workers AI were unreachable). On its own
     * loop the reset sees whether the answer has ended, and stays away from a connection that has gone back.
     */
    private static void onOwnLoop(Context own, Runnable reset) {
        if (own == null) {
            reset.run();
        } else {
            own.runOnContext(v -> reset.run());
        }
    }

    private RequestOptions options(String model, String accept) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(runPath + model)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, accept);
        headers.addTo(options::putHeader);
        return options;
    }

    private void send(HttpClientRequest request, Buffer payload, MultiEmitter<? super String> emitter) {
        Call call = new Call(emitter);
        Context own = Vertx.currentContext();
        emitter.onTermination(() -> {
            if (!call.ended) {
                onOwnLoop(own, () -> call.stop(request));
            }
        });
        request.send(payload)
                .onFailure(call::fail)
                .onSuccess(response -> {
                    headers.readFrom(response::getHeader);
                    if (response.statusCode() != 200) {
                        call.refused(response);
                    } else {
                        call.read(response);
                    }
                });
    }

    /** One call's answer: its events, or Workers AI's error. */
    private static final class Call {

        private final MultiEmitter<? super String> emitter;
        private volatile boolean ended;
        private volatile boolean done;

        Call(MultiEmitter<? super String> emitter) {
            this.emitter = emitter;
        }

        void read(HttpClientResponse response) {
            EventStreamParser parser = new EventStreamParser(event -> {
                if (done) {
                    return;
                }
                if (DONE.equals(event.strip())) {
                    // The answer is whole: end the stream here, even if the connection were left open.
                    done = true;
                    emitter.complete();
                    return;
                }
                emitter.emit(event);
            });
            response.handler(parser::feed);
            response.exceptionHandler(this::fail);
            response.endHandler(v -> {
                ended = true;
                parser.end();
                if (!done) {
                    emitter.fail(WorkersAiException.of(WorkersAiException.Kind.TRUNCATED_STREAM,
                            "Workers AI ended the stream without [DONE]: the answer is incomplete"));
                }
            });
        }

        void refused(HttpClientResponse response) {
            response.body()
                    .onFailure(this::fail)
                    .onSuccess(body -> {
                        ended = true;
                        emitter.fail(WorkersAiErrors.decode(response.statusCode(), body.toString(),
                                response::getHeader));
                    });
        }

        /**
         * The stream has ended for its reader. After {@code [DONE]} the answer is over and its last bytes are on
         * their way, so the connection is left to end and go back to the pool; before it (a stop sequence, a client
         * gone), the connection is dropped, and with it the generation.
         */
        void stop(HttpClientRequest request) {
            if (!done && !ended) {
                request.reset();
            }
        }

        /** A failure after the reader has gone (the reset above, say) is nobody's business. */
        void fail(Throwable failure) {
            if (!emitter.isCancelled()) {
                emitter.fail(failure);
            }
        }
    }
}

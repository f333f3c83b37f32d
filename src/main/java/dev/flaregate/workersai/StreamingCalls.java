package dev.flaregate.workersai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
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
 * Streamed model calls, on Vert.x's HTTP client rather than the REST client. The REST client closes an SSE
 * connection only after the stream has ended, by which time its pool may have handed the connection to another
 * request; the way around that was a new connection per stream, which cost every stream a TCP (and TLS) handshake
 * before its first token. Here a stream's connection goes back to the pool when the stream has ended, and is
 * dropped when the stream is cancelled (a stop sequence, a client gone), so that Workers AI stops generating.
 * Frames are handed on as they arrive, one event at a time: nothing is batched.
 */
final class StreamingCalls {

    private static final String DONE = "[DONE]";

    private final HttpClient client;
    private final String runBase;
    private final UpstreamHeaders headers;
    private final ObjectMapper json;

    StreamingCalls(Vertx vertx, WorkersAiTarget target, UpstreamHeaders headers, WorkersAiConfig config,
            ObjectMapper json) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setName("workers-ai-streams")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnections())
                .setKeepAlive(true)
                // A connection left to finish after [DONE] that never does is closed once it has been silent this long.
                .setIdleTimeout((int) config.streamIdleTimeout().toSeconds())
                .setVerifyHost(true));
        this.runBase = target.runBase().toString();
        this.headers = headers;
        this.json = json;
    }

    void close() {
        client.close();
    }

    /**
     * The {@code data} of each event of a streamed call, up to Workers AI's {@code [DONE]}, where it completes; a
     * response that ends without one fails as {@link WorkersAiException.Kind#TRUNCATED_STREAM}. Workers AI's error
     * answers fail typed.
     */
    Multi<String> post(String model, Object body) {
        return Multi.createFrom().emitter(emitter -> {
            Buffer payload;
            try {
                payload = Buffer.buffer(json.writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                emitter.fail(e);
                return;
            }
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(runBase + "/" + model)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
            headers.addTo(options::putHeader);
            client.request(options)
                    .onFailure(emitter::fail)
                    .onSuccess(request -> send(request, payload, emitter));
        });
    }

    private void send(HttpClientRequest request, Buffer payload, MultiEmitter<? super String> emitter) {
        Call call = new Call(emitter);
        emitter.onTermination(() -> {
            if (!call.ended) {
                call.stop(request);
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
            if (!done) {
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

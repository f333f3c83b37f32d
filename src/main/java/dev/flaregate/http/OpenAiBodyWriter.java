package dev.flaregate.http;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;
import org.jboss.resteasy.reactive.server.vertx.VertxResteasyReactiveRequestContext;

import dev.flaregate.openai.EventStream;

/**
 * Writes an {@link OpenAiBody}. JSON goes out in one write with its length, from the buffer it was serialized into.
 * An event stream goes out as OpenAI's: the headers that keep proxies from buffering it, then each frame as it comes,
 * the next one asked for when the last is written, so a slow client holds the stream back instead of filling
 * memory, and {@code [DONE]} with the body's end. A client that goes away cancels the stream, and with it the
 * Workers AI call. This is Quarkus REST's own way of writing an asynchronous body (its {@code AsyncFile} writer):
 * the request is suspended while the frames flow and resumed at the end.
 */
@Provider
public class OpenAiBodyWriter implements ServerMessageBodyWriter<OpenAiBody> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return OpenAiBody.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return OpenAiBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(OpenAiBody body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) {
        throw new UnsupportedOperationException("An OpenAI body is written by the server only");
    }

    @Override
    public void writeResponse(OpenAiBody body, Type genericType, ServerRequestContext context) {
        if (body instanceof OpenAiBody.Json json) {
            ((VertxResteasyReactiveRequestContext) context.serverResponse()).end(json.bytes());
        } else {
            writeEvents((OpenAiBody.Events) body, (ResteasyReactiveRequestContext) context);
        }
    }

    private static void writeEvents(OpenAiBody.Events events, ResteasyReactiveRequestContext request) {
        request.suspend();
        // Quarkus REST sends the headers of the JAX-RS response at the first write. The method produces JSON (see
        // OpenAiResponses), so the content type it chose is replaced there.
        MultivaluedMap<String, Object> headers = request.getResponse().get().getHeaders();
        headers.putSingle(HttpHeaders.CONTENT_TYPE, "text/event-stream");
        headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-cache");
        headers.putSingle("X-Accel-Buffering", "no");
        ServerHttpResponse response = request.serverResponse().setChunked(true);
        events.frames().subscribe().withSubscriber(new Relay(request, response));
    }

    /** Frames to the client, one at a time; the request resumes once, when the stream ends or the client goes. */
    private static final class Relay implements Flow.Subscriber<byte[]> {

        private final ResteasyReactiveRequestContext request;
        private final ServerHttpResponse response;
        private final AtomicBoolean finished = new AtomicBoolean();
        private Flow.Subscription subscription;

        Relay(ResteasyReactiveRequestContext request, ServerHttpResponse response) {
            this.request = request;
            this.response = response;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            response.addCloseHandler(this::clientGone);
            subscription.request(1);
        }

        @Override
        public void onNext(byte[] frame) {
            response.write(frame).whenComplete((written, failure) -> {
                if (failure == null) {
                    subscription.request(1);
                } else {
                    // A write fails when the connection does (reset, broken pipe), maybe before its close is seen:
                    // the client has left, as ordinary a way of leaving as any, and the status is long sent.
                    clientGone();
                }
            });
        }

        /** Failures after the first frame are events of the stream itself (see EventStream): this is a bug's. */
        @Override
        public void onError(Throwable failure) {
            finish(failure);
        }

        /** The stream's last event goes out with the body's end, in one write. */
        @Override
        public void onComplete() {
            response.end(EventStream.DONE);
            finish(null);
        }

        /** The access log and the metrics see the client go; the stream, and the Workers AI call, stop here. */
        private void clientGone() {
            subscription.cancel();
            finish(null);
        }

        private void finish(Throwable failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (failure == null) {
                request.resume();
            } else {
                request.resume(failure);
            }
        }
    }
}

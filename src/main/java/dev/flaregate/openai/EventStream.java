package dev.flaregate.openai;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;

/**
 * OpenAI's server-sent events, byte for byte: {@code data: <json>} per event, a blank line after each, and
 * {@code data: [DONE]} at the end; each frame is whole, blank line included, and is written as it is.
 * <p>
 * A failure before the first frame propagates, so the client gets a real HTTP status. After it the status is
 * sent, so the failure becomes an error event followed by {@code [DONE]}, which the OpenAI SDKs raise.
 */
public final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final byte[] PREFIX = "data: ".getBytes();
    private static final byte[] END = "\n\n".getBytes();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes();

    private EventStream() {
    }

    public static Multi<byte[]> of(Multi<?> events, ObjectMapper json, Function<Throwable, ErrorResponse> toError) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return events
                    .map(event -> frame(json, event))
                    .onItem().invoke(() -> started.set(true))
                    .onCompletion().continueWith(DONE)
                    .onFailure(e -> started.get()).recoverWithMulti(failure -> {
                        ErrorResponse error = toError.apply(failure);
                        LOG.warnf("Stream failed after it started: %s", error.error().message());
                        return Multi.createFrom().items(frame(json, error), DONE);
                    });
        });
    }

    private static byte[] frame(ObjectMapper json, Object event) {
        try {
            byte[] bytes = json.writeValueAsBytes(event);
            byte[] frame = new byte[PREFIX.length + bytes.length + END.length];
            System.arraycopy(PREFIX, 0, frame, 0, PREFIX.length);
            System.arraycopy(bytes, 0, frame, PREFIX.length, bytes.length);
            System.arraycopy(END, 0, frame, PREFIX.length + bytes.length, END.length);
            return frame;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }
}

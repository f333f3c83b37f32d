package dev.flaregate.openai;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;

/**
 * OpenAI's server-sent events, byte for byte: {@code data: <json>} per event and a blank line after each. Events
 * come in groups, those known at the same moment, and each group becomes one piece of bytes to write as it is: the
 * finish and the usage chunk of an answer reach the client in one write, and nothing waits for anything later. The
 * writer of the stream sends {@link #DONE} with the end of the body, once the groups are over.
 * <p>
 * A failure before the first group propagates, so the client gets a real HTTP status. After it the status is
 * sent, so the failure becomes an error event followed by {@code [DONE]}, which the OpenAI SDKs raise.
 */
public final class EventStream {

    /** The last event of every stream that ends, after an error event too. */
    public static final byte[] DONE = "data: [DONE]\n\n".getBytes();

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    private static final byte[] PREFIX = "data: ".getBytes();
    private static final byte[] END = "\n\n".getBytes();
    /** Holds a usual chunk of a few hundred bytes without growing. */
    private static final int FRAME_BYTES = 512;

    private EventStream() {
    }

    public static Multi<byte[]> of(Multi<? extends List<?>> groups, ObjectMapper json,
            Function<Throwable, ErrorResponse> toError) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean started = new AtomicBoolean();
            return groups
                    .map(events -> frames(json, events))
                    .onItem().invoke(() -> started.set(true))
                    .onFailure(e -> started.get()).recoverWithMulti(failure -> {
                        ErrorResponse error = toError.apply(failure);
                        LOG.warnf("Stream failed after it started: %s", error.error().message());
                        return Multi.createFrom().item(frames(json, List.of(error)));
                    });
        });
    }

    private static byte[] frames(ObjectMapper json, List<?> events) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(FRAME_BYTES * events.size())) {
            for (Object event : events) {
                out.write(PREFIX);
                json.writeValue(out, event);
                out.write(END);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize " + events.size() + " stream events", e);
        }
    }
}

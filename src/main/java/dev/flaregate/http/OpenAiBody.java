package dev.flaregate.http;

import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * The answer of an OpenAI endpoint that may stream, for {@link OpenAiBodyWriter}. One type for both kinds, so that
 * Quarkus REST settles on the writer when it starts: for a method that returns {@code Uni<Object>} it searched its
 * writers for every response, about 2 % of the event loops' time.
 */
public sealed interface OpenAiBody {

    /** A JSON body, written in one piece with its length. */
    record Json(Buffer bytes) implements OpenAiBody {
    }

    /** An event stream whose first frame has arrived. */
    record Events(Multi<byte[]> frames) implements OpenAiBody {
    }
}

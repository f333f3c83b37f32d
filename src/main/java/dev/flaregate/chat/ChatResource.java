package dev.flaregate.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.Failures;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.EventStream;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;

/**
 * {@code POST /v1/chat/completions}. One method serves both forms: it produces JSON so that
 * {@code Accept: application/json} (which the OpenAI Python SDK sends even for streams) never gets a 406, and sets
 * the event-stream headers itself when the client asked for a stream.
 */
@Path("/v1/chat/completions")
public class ChatResource {

    private final ChatService chat;
    private final ObjectMapper json;

    ChatResource(ChatService chat, ObjectMapper json) {
        this.chat = chat;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RestMulti<Buffer> create(@Valid @NotNull ChatCompletionRequest request) {
        if (request.streaming()) {
            Multi<Buffer> frames = EventStream.of(chat.stream(request), json,
                    failure -> Failures.toApiError(failure).toResponse());
            return RestMulti.fromMultiData(frames)
                    .encodeAsJsonArray(false)
                    .header("Content-Type", "text/event-stream")
                    .header("Cache-Control", "no-cache")
                    .header("X-Accel-Buffering", "no")
                    .build();
        }
        return RestMulti.fromMultiData(chat.complete(request).map(this::toJson).toMulti())
                .encodeAsJsonArray(false)
                .build();
    }

    private Buffer toJson(Object body) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + body.getClass().getSimpleName(), e);
        }
    }
}

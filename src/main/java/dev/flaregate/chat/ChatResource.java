package dev.flaregate.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.flaregate.http.OpenAiBody;
import dev.flaregate.http.OpenAiResponses;
import dev.flaregate.openai.ChatCompletionRequest;
import io.smallrye.mutiny.Uni;

/** {@code POST /v1/chat/completions}, streamed or not. */
@Path("/v1/chat/completions")
public class ChatResource {

    private final ChatService chat;
    private final OpenAiResponses responses;

    ChatResource(ChatService chat, OpenAiResponses responses) {
        this.chat = chat;
        this.responses = responses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<OpenAiBody> create(@Valid @NotNull ChatCompletionRequest request) {
        return request.streaming() ? responses.eventStream(chat.stream(request))
                : responses.body(chat.complete(request));
    }
}

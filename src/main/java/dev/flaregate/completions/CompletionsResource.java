package dev.flaregate.completions;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.flaregate.chat.ChatService;
import dev.flaregate.http.OpenAiBody;
import dev.flaregate.http.OpenAiResponses;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.CompletionRequest;
import io.smallrye.mutiny.Uni;

/** The legacy {@code POST /v1/completions}, streamed or not, served by chat completions. */
@Path("/v1/completions")
public class CompletionsResource {

    private final ChatService chat;
    private final OpenAiResponses responses;

    CompletionsResource(ChatService chat, OpenAiResponses responses) {
        this.chat = chat;
        this.responses = responses;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<OpenAiBody> create(@Valid @NotNull CompletionRequest request) {
        ChatCompletionRequest asChat = CompletionsTranslator.toChat(request);
        return asChat.streaming()
                ? responses.eventStream(chat.stream(asChat).map(CompletionsTranslator::fromChatChunks))
                : responses.body(chat.complete(asChat).map(CompletionsTranslator::fromChat));
    }
}

package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.images.ImageFetcher;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.workersai.TextGenerationRequest;
import dev.flaregate.workersai.TextGenerationResult;
import dev.flaregate.workersai.WorkersAi;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Chat completions: resolve the model, translate, call Workers AI, translate back. */
@ApplicationScoped
public class ChatService {

    private final ModelCatalogue catalogue;
    private final WorkersAi workersAi;
    private final ChatConfig config;
    private final ImageFetcher images;

    ChatService(ModelCatalogue catalogue, WorkersAi workersAi, ChatConfig config, ImageFetcher images) {
        this.catalogue = catalogue;
        this.workersAi = workersAi;
        this.config = config;
        this.images = images;
    }

    /** {@code n} choices are {@code n} Workers AI calls made at once. */
    public Uni<ChatCompletion> complete(ChatCompletionRequest request) {
        Call call = prepare(request);
        return withRemoteImages(call.body()).flatMap(body -> {
            List<Uni<TextGenerationResult>> calls = new ArrayList<>(request.choices());
            for (int i = 0; i < request.choices(); i++) {
                calls.add(workersAi.generate(call.model().id(), body));
            }
            return Uni.join().all(calls).andFailFast();
        }).map(results -> ChatResponseTranslator.toChatCompletion(results, call.meta(),
                ChatRequestTranslator.enforcedStops(request, call.model())));
    }

    /** Fails before its first chunk when Workers AI refuses the call, so the client gets a real HTTP status. */
    public Multi<ChatCompletionChunk> stream(ChatCompletionRequest request) {
        Call call = prepare(request);
        Uni<TextGenerationRequest> body = withRemoteImages(call.body());
        if (request.jsonMode()) {
            // Workers AI cannot stream in JSON mode: one call, and its answer sent as the chunks of a stream.
            return body.flatMap(json -> workersAi.generate(call.model().id(), json))
                    .map(result -> ChatResponseTranslator.toChatCompletion(List.of(result), call.meta(),
                            StopSequences.none()))
                    .onItem().transformToMulti(completion -> Multi.createFrom().iterable(
                            ChatStreamAssembler.replay(completion, call.meta(), request.includeUsage())));
        }
        return body.onItem().transformToMulti(streamed -> {
            ChatStreamAssembler assembler = new ChatStreamAssembler(call.meta(), request.includeUsage(),
                    ChatRequestTranslator.enforcedStops(request, call.model()));
            return workersAi.stream(call.model().id(), streamed)
                    // After a stop sequence, the rest of the answer is not wanted: end the upstream call.
                    .select().first(frame -> !assembler.stopped())
                    .onItem().transformToIterable(assembler::onFrame)
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(assembler.finish()));
        });
    }

    private Call prepare(ChatCompletionRequest request) {
        ChatRequestTranslator.refuseUnsupported(request);
        WorkersAiModel model = catalogue.resolve(request.model(), Task.TEXT_GENERATION);
        int maxTokens = ChatRequestTranslator.maxTokens(request, model, config.defaultMaxTokens());
        return new Call(model, ChatRequestTranslator.toWorkersAi(request, model, maxTokens, images.enabled()),
                CompletionMeta.start(request.model(), maxTokens));
    }

    /**
     * Workers AI takes images only as {@code data:} URLs: remote ones are fetched, all at once, and put in their
     * parts. The parts were built for this call by the translator, so filling them in place touches nothing shared.
     */
    private Uni<TextGenerationRequest> withRemoteImages(TextGenerationRequest body) {
        List<ChatRequestTranslator.RemoteImagePart> remote = ChatRequestTranslator.remoteImages(body);
        if (remote.isEmpty()) {
            return Uni.createFrom().item(body);
        }
        return Uni.join().all(remote.stream()
                .map(part -> images.fetchAsDataUrl(part.url(), part.param())
                        .invoke(dataUrl -> part.imageUrl().put("url", dataUrl)))
                .toList())
                .andFailFast()
                .replaceWith(body);
    }

    private record Call(WorkersAiModel model, TextGenerationRequest body, CompletionMeta meta) {
    }
}

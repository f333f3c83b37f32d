package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.access.KeyLimits;
import dev.flaregate.images.ImageFetcher;
import dev.flaregate.metrics.GatewayMetrics;
import dev.flaregate.metrics.RequestRecord;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.ChatCompletion;
import dev.flaregate.openai.ChatCompletionChunk;
import dev.flaregate.openai.ChatCompletionRequest;
import dev.flaregate.openai.Usage;
import dev.flaregate.workersai.TextGenerationRequest;
import dev.flaregate.workersai.TextGenerationResult;
import dev.flaregate.workersai.WorkersAi;
import dev.flaregate.workersai.WorkersAiUsage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Chat completions: resolve the model, translate, call Workers AI, translate back. */
@ApplicationScoped
public class ChatService {

    private final ModelCatalogue catalogue;
    private final WorkersAi workersAi;
    private final ChatConfig config;
    private final ImageFetcher images;
    private final GatewayMetrics metrics;
    private final KeyLimits keyLimits;

    ChatService(ModelCatalogue catalogue, WorkersAi workersAi, ChatConfig config, ImageFetcher images,
            GatewayMetrics metrics, KeyLimits keyLimits) {
        this.catalogue = catalogue;
        this.workersAi = workersAi;
        this.config = config;
        this.images = images;
        this.metrics = metrics;
        this.keyLimits = keyLimits;
    }

    /** {@code n} choices are {@code n} Workers AI calls made at once. */
    public Uni<ChatCompletion> complete(ChatCompletionRequest request) {
        RequestRecord record = RequestRecord.current();
        Call call = prepare(request, record);
        return withRemoteImages(call.body()).flatMap(body -> {
            List<Uni<TextGenerationResult>> calls = new ArrayList<>(request.choices());
            for (int i = 0; i < request.choices(); i++) {
                calls.add(workersAi.generate(call.model().id(), body)
                        .onFailure().transform(failure -> explained(failure, call)));
            }
            return Uni.join().all(calls).andFailFast();
        }).invoke(results -> {
            WorkersAiUsage billed = billed(results);
            record.tokens(billed.prompt(), billed.completion());
            call.tokens().charge(billed.prompt() + billed.completion());
        }).map(results -> ChatResponseTranslator.toChatCompletion(results, call.meta(),
                ChatRequestTranslator.enforcedStops(request, call.model())));
    }

    /**
     * The chunks of the answer, grouped by the moment they became known: the chunks one Workers AI event gives
     * (the finish and the usage chunk at its end, say) go to the client in one write, and no group waits for
     * another. Fails before its first group when Workers AI refuses the call, so the client gets a real HTTP
     * status.
     */
    public Multi<List<ChatCompletionChunk>> stream(ChatCompletionRequest request) {
        RequestRecord record = RequestRecord.current().streaming();
        Call call = prepare(request, record);
        Uni<TextGenerationRequest> body = withRemoteImages(call.body());
        if (request.jsonMode()) {
            // Workers AI cannot stream in JSON mode: one call, and its answer sent as the chunks of a stream.
            return metrics.stream(record, body.flatMap(json -> workersAi.generate(call.model().id(), json)
                    .onFailure().transform(failure -> explained(failure, call)))
                    .map(result -> ChatResponseTranslator.toChatCompletion(List.of(result), call.meta(),
                            StopSequences.none()))
                    .invoke(completion -> recordUsage(record, completion.usage()))
                    .invoke(completion -> call.tokens().charge(completion.usage().totalTokens()))
                    .map(completion -> ChatStreamAssembler.replay(completion, call.meta(), request.includeUsage()))
                    .toMulti());
        }
        return metrics.stream(record, body.onItem().transformToMulti(streamed -> {
            ChatStreamAssembler assembler = new ChatStreamAssembler(call.meta(), request.includeUsage(),
                    ChatRequestTranslator.enforcedStops(request, call.model()));
            return workersAi.stream(call.model().id(), streamed)
                    .onFailure().transform(failure -> explained(failure, call))
                    // After a stop sequence, the rest of the answer is not wanted: end the upstream call.
                    .select().first(frame -> !assembler.stopped())
                    .map(assembler::onFrame)
                    // Padding and usage frames give the client nothing.
                    .select().where(chunks -> !chunks.isEmpty())
                    .onCompletion().switchTo(() -> {
                        List<ChatCompletionChunk> last = assembler.finish();
                        recordUsage(record, assembler.usage());
                        return Multi.createFrom().item(last);
                    })
                    // Also when the stream fails or the client leaves: the tokens Workers AI reported were used.
                    .onTermination().invoke(() -> call.tokens().charge(assembler.usage().totalTokens()));
        }));
    }

    /**
     * Tokens as Workers AI bills them, for the metrics and a key's token limits alike: each of {@code n} choices
     * read the prompt, unlike OpenAI's usage in the response, which counts it once.
     */
    private static WorkersAiUsage billed(List<TextGenerationResult> results) {
        return results.stream().map(TextGenerationResult::usage).filter(Objects::nonNull)
                .reduce(new WorkersAiUsage(0, 0, 0), WorkersAiUsage::plus);
    }

    private static void recordUsage(RequestRecord record, Usage usage) {
        record.tokens(usage.promptTokens(), usage.completionTokens());
    }

    private Call prepare(ChatCompletionRequest request, RequestRecord record) {
        ChatRequestTranslator.refuseUnsupported(request);
        WorkersAiModel model = catalogue.resolve(request.model(), Task.TEXT_GENERATION);
        record.model(model);
        CapabilityRefusals.refuseDenied(request, model, catalogue.models());
        KeyLimits.TokenMeter tokens = keyLimits.admit(request.model(), model);
        int maxTokens = ChatRequestTranslator.maxTokens(request, model, config.defaultMaxTokens());
        return new Call(request, model, ChatRequestTranslator.toWorkersAi(request, model, maxTokens,
                images.enabled()), CompletionMeta.start(request.model(), maxTokens), tokens);
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

    /** Workers AI's refusal of what the request needs, told with the models that can serve it. */
    private Throwable explained(Throwable failure, Call call) {
        return CapabilityRefusals.explain(failure, call.request(), call.model(), catalogue.models());
    }

    private record Call(ChatCompletionRequest request, WorkersAiModel model, TextGenerationRequest body,
            CompletionMeta meta, KeyLimits.TokenMeter tokens) {
    }
}

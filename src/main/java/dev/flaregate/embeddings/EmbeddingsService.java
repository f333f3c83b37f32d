package dev.flaregate.embeddings;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.access.KeyLimits;
import dev.flaregate.metrics.RequestRecord;
import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.openai.EmbeddingList;
import dev.flaregate.openai.EmbeddingRequest;
import dev.flaregate.workersai.EmbeddingInput;
import dev.flaregate.workersai.EmbeddingResult;
import dev.flaregate.workersai.WorkersAi;
import dev.flaregate.workersai.WorkersAiException;
import io.smallrye.mutiny.Uni;

/** Embeddings: resolve the model, split the texts into Workers AI-sized calls made at once, reassemble. */
@ApplicationScoped
public class EmbeddingsService {

    /** Upstream calls in flight for one request: 2048 texts make at most 21 calls of 100. */
    private static final int CONCURRENT_CALLS = 8;

    private final ModelCatalogue catalogue;
    private final WorkersAi workersAi;
    private final KeyLimits keyLimits;

    EmbeddingsService(ModelCatalogue catalogue, WorkersAi workersAi, KeyLimits keyLimits) {
        this.catalogue = catalogue;
        this.workersAi = workersAi;
        this.keyLimits = keyLimits;
    }

    public Uni<EmbeddingList> embed(EmbeddingRequest request) {
        RequestRecord record = RequestRecord.current();
        WorkersAiModel model = catalogue.resolve(request.model(), Task.TEXT_EMBEDDINGS);
        record.model(model);
        EmbeddingsTranslator.checkRequest(request, model);
        KeyLimits.TokenMeter tokens = keyLimits.admit(request.model(), model);
        List<String> texts = EmbeddingsTranslator.texts(request.input());
        List<EmbeddingInput> batches = EmbeddingsTranslator.batches(texts, model.embedding().maxBatch(),
                request.pooling());
        List<Uni<EmbeddingResult>> calls = new ArrayList<>(batches.size());
        int first = 0;
        for (EmbeddingInput batch : batches) {
            int from = first;
            calls.add(workersAi.embed(model.id(), batch)
                    .onFailure(WorkersAiException.class)
                    .transform(e -> batches.size() == 1 ? e : inPart((WorkersAiException) e, from, batch)));
            first += batch.text().size();
        }
        return Uni.join().all(calls).usingConcurrencyOf(CONCURRENT_CALLS).andFailFast()
                .map(parts -> EmbeddingsTranslator.toOpenAi(parts, texts, request))
                .invoke(list -> record.tokens(list.usage().promptTokens(), RequestRecord.UNKNOWN))
                .invoke(list -> tokens.charge(list.usage().totalTokens()));
    }

    /** One failed part fails the request; say which texts it held. */
    private static WorkersAiException inPart(WorkersAiException e, int from, EmbeddingInput batch) {
        return new WorkersAiException(e.kind(), e.httpStatus(), e.code(), "texts " + from + " to "
                + (from + batch.text().size() - 1) + ": " + e.getMessage(), e.retryAfter(), e.upstreamRequestId());
    }
}

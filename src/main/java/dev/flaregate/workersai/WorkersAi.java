package dev.flaregate.workersai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.flaregate.workersai.WorkersAiException.Kind;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The Workers AI transport: URL, auth, the envelope, SSE frames and typed failures. It knows nothing of OpenAI.
 */
@ApplicationScoped
public class WorkersAi {

    private static final String DONE = "[DONE]";
    /** Small pages keep each answer small; the page cap bounds a misbehaving paginator. */
    private static final int CATALOGUE_PAGE_SIZE = 20;
    private static final int CATALOGUE_MAX_PAGES = 100;

    private final WorkersAiApi api;
    private final WorkersAiApi streamingApi;
    private final String account;
    private final Duration requestTimeout;
    private final Duration streamIdleTimeout;
    private final ObjectReader chunkReader;

    WorkersAi(WorkersAiTarget target, WorkersAiConfig config, ObjectMapper json) {
        this.account = target.accountId();
        this.requestTimeout = config.requestTimeout();
        this.streamIdleTimeout = config.streamIdleTimeout();
        this.chunkReader = json.readerFor(TextGenerationChunk.class);
        this.api = client(target, config, true);
        // The REST client closes an SSE connection after the stream has ended, by which time the pool may already
        // have handed it to another request, which then fails with "Connection was closed". Streams therefore get
        // connections of their own, never pooled for reuse.
        this.streamingApi = client(target, config, false);
    }

    private static WorkersAiApi client(WorkersAiTarget target, WorkersAiConfig config, boolean keepAlive) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(target.baseUri())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.maxConnections())
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, keepAlive)
                .register(new BearerToken(target.apiToken()))
                .build(WorkersAiApi.class);
    }

    /** One text generation; fails with {@link WorkersAiException} on any error, including {@code success: false}. */
    public Uni<TextGenerationResult> generate(String model, TextGenerationRequest request) {
        return result(api.generate(account, model, request), TextGenerationResult::isEmpty);
    }

    /** Vectors for at most the model's batch limit of texts, in input order. */
    public Uni<EmbeddingResult> embed(String model, EmbeddingInput input) {
        return result(api.embed(account, model, input), r -> r.data() == null);
    }

    /** Workers AI's whole model catalogue, page by page. */
    public Uni<List<CatalogueEntry>> catalogue() {
        return cataloguePages(1, new ArrayList<>());
    }

    private Uni<List<CatalogueEntry>> cataloguePages(int page, List<CatalogueEntry> collected) {
        return result(api.searchModels(account, page, CATALOGUE_PAGE_SIZE), r -> false).flatMap(entries -> {
            collected.addAll(entries);
            boolean last = entries.size() < CATALOGUE_PAGE_SIZE || page >= CATALOGUE_MAX_PAGES;
            return last ? Uni.createFrom().item(collected) : cataloguePages(page + 1, collected);
        });
    }

    /** The envelope's result; fails with {@link WorkersAiException} on any error, including {@code success: false}. */
    private <T> Uni<T> result(Uni<WorkersAiEnvelope<T>> call, Predicate<T> empty) {
        return call
                .ifNoItem().after(requestTimeout).failWith(() -> timeout(requestTimeout))
                .onFailure().transform(WorkersAi::asWorkersAiFailure)
                .map(envelope -> {
                    if (envelope == null || Boolean.FALSE.equals(envelope.success())) {
                        throw WorkersAiErrors.fromEnvelope(200, envelope == null ? null : envelope.errors());
                    }
                    if (envelope.result() == null || empty.test(envelope.result())) {
                        throw WorkersAiException.of(Kind.MALFORMED_RESPONSE,
                                "Workers AI answered success with an empty result");
                    }
                    return envelope.result();
                });
    }

    /**
     * A streamed text generation as parsed frames. It completes only after Workers AI's {@code [DONE]}; a stream
     * that stops without it fails as {@link Kind#TRUNCATED_STREAM}, and a {@code success: false} frame fails it with
     * Workers AI's error. Cancelling the returned stream closes the upstream connection.
     */
    public Multi<TextGenerationChunk> stream(String model, TextGenerationRequest request) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean sawDone = new AtomicBoolean();
            return streamingApi.stream(account, model, request.streamed())
                    .ifNoItem().after(streamIdleTimeout).failWith(() -> timeout(streamIdleTimeout))
                    .onFailure().transform(WorkersAi::asWorkersAiFailure)
                    // [DONE] ends the answer: stop there, even if the connection were left open.
                    .select().first(data -> {
                        sawDone.set(DONE.equals(data.strip()));
                        return !sawDone.get();
                    })
                    .filter(data -> !data.isBlank())
                    .map(this::parseFrame)
                    .onCompletion().call(() -> sawDone.get() ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(WorkersAiException.of(Kind.TRUNCATED_STREAM,
                                    "Workers AI ended the stream without [DONE]: the answer is incomplete")));
        });
    }

    private TextGenerationChunk parseFrame(String data) {
        TextGenerationChunk chunk;
        try {
            chunk = chunkReader.readValue(data);
        } catch (JsonProcessingException e) {
            throw WorkersAiException.of(Kind.MALFORMED_RESPONSE, "Workers AI sent a stream frame that is not JSON");
        }
        if (Boolean.FALSE.equals(chunk.success())) {
            throw WorkersAiErrors.fromEnvelope(200, chunk.errors());
        }
        return chunk;
    }

    private static WorkersAiException timeout(Duration limit) {
        String shown = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        return WorkersAiException.of(Kind.TIMEOUT, "Workers AI did not answer within " + shown);
    }

    /** Connection failures and unreadable bodies come from the client as assorted exceptions: type them once. */
    private static Throwable asWorkersAiFailure(Throwable failure) {
        if (failure instanceof WorkersAiException) {
            return failure;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WorkersAiException) {
                return t;
            }
            if (t instanceof JsonProcessingException) {
                return WorkersAiException.of(Kind.MALFORMED_RESPONSE, "Workers AI sent an answer that is not "
                        + "valid JSON for this model");
            }
        }
        return WorkersAiException.of(Kind.UNREACHABLE, "Could not reach Workers AI: "
                + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }
}

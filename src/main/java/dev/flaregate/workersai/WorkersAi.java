package dev.flaregate.workersai;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.flaregate.http.StreamStart;
import dev.flaregate.limits.UpstreamBudget;
import dev.flaregate.metrics.GatewayMetrics;
import dev.flaregate.metrics.Operation;
import dev.flaregate.metrics.UpstreamCall;
import dev.flaregate.models.Task;
import dev.flaregate.workersai.WorkersAiException.Kind;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The Workers AI transport: URL, auth, the envelope, SSE frames and typed failures. It knows nothing of OpenAI.
 */
@ApplicationScoped
public class WorkersAi {

    private static final Logger LOG = Logger.getLogger(WorkersAi.class);
    private static final TypeLiteral<Uni<Object>> ANY_UNI = new TypeLiteral<>() {
    };
    /** Small pages keep each answer small; the page cap bounds a misbehaving paginator. */
    private static final int CATALOGUE_PAGE_SIZE = 20;
    private static final int CATALOGUE_MAX_PAGES = 100;

    private final ModelCalls models;
    private final WorkersAiApi catalogueApi;
    private final String account;
    private final Duration requestTimeout;
    private final Duration firstTokenTimeout;
    private final Duration streamIdleTimeout;
    private final Guard guard;
    private final CircuitBreaker breaker;
    private final CallLimiter limiter;
    private final UpstreamBudget budget;
    private final ObjectReader chunkReader;
    private final ObjectReader generationReader;
    private final ObjectReader embeddingReader;
    private final GatewayMetrics metrics;

    WorkersAi(WorkersAiTarget target, WorkersAiConfig config, ObjectMapper json, GatewayMetrics metrics,
            Vertx vertx, UpstreamBudget budget) {
        this.metrics = metrics;
        this.account = target.accountId();
        this.requestTimeout = config.requestTimeout();
        this.firstTokenTimeout = config.firstTokenTimeout();
        this.streamIdleTimeout = config.streamIdleTimeout();
        this.guard = retries(config.retry());
        this.breaker = new CircuitBreaker(config.breaker(), System::nanoTime, state -> {
            LOG.warnf("Workers AI circuit breaker is now %s", state);
            metrics.circuitBreaker(state);
        });
        this.limiter = new CallLimiter(config.maxConcurrentCalls(), config.maxQueuedCalls(), config.queueTimeout());
        this.budget = budget;
        this.chunkReader = json.readerFor(TextGenerationChunk.class);
        this.generationReader = envelopeReader(json, TextGenerationResult.class);
        this.embeddingReader = envelopeReader(json, EmbeddingResult.class);
        this.catalogueApi = QuarkusRestClientBuilder.newBuilder()
                .baseUri(target.apiBase())
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(UpstreamHeaders.forApi(target))
                // Operators who switch on the REST client's request logging must not find a token in their logs.
                .loggingMaskedHeaders(Set.of(HttpHeaders.AUTHORIZATION))
                .build(WorkersAiApi.class);
        this.models = new ModelCalls(vertx, target, UpstreamHeaders.forModelCalls(target), config, json);
    }

    /** Dev mode restarts the application but keeps Vert.x: the model calls' connections must go with it. */
    @PreDestroy
    void close() {
        models.close();
    }

    private static ObjectReader envelopeReader(ObjectMapper json, Class<?> result) {
        return json.readerFor(json.getTypeFactory().constructParametricType(WorkersAiEnvelope.class, result));
    }

    /** Retries of every Workers AI call; they honour Workers AI's {@code Retry-After} (see {@link RetryPolicy}). */
    private static Guard retries(WorkersAiConfig.Retry retry) {
        RetryPolicy policy = new RetryPolicy(retry.initialBackoff(), retry.maxBackoff());
        return Guard.create()
                .withDescription("workers-ai")
                .withRetry()
                    .maxRetries(Math.max(0, retry.maxAttempts() - 1))
                    .maxDuration(retry.budget().toMillis(), ChronoUnit.MILLIS)
                    .whenException(policy::retryable)
                    .beforeRetry((Throwable e) -> LOG.infof("Retrying a Workers AI call that failed: %s",
                            e.getMessage()))
                    .withCustomBackoff().strategy(policy::backoff).done()
                    .done()
                .withThreadOffload(false)
                .build();
    }

    /** One text generation; fails with {@link WorkersAiException} on any error, including {@code success: false}. */
    public Uni<TextGenerationResult> generate(String model, TextGenerationRequest request) {
        return result(metrics.upstreamCall(Operation.CHAT, model, false), budget.place(model, Task.TEXT_GENERATION),
                () -> models.post(model, request, generationReader), TextGenerationResult::isEmpty);
    }

    /** Vectors for at most the model's batch limit of texts, in input order. */
    public Uni<EmbeddingResult> embed(String model, EmbeddingInput input) {
        return result(metrics.upstreamCall(Operation.EMBEDDINGS, model, false),
                budget.place(model, Task.TEXT_EMBEDDINGS), () -> models.post(model, input, embeddingReader),
                r -> r.data() == null);
    }

    /** Workers AI's whole model catalogue, page by page. */
    public Uni<List<CatalogueEntry>> catalogue() {
        return cataloguePages(1, new ArrayList<>());
    }

    private Uni<List<CatalogueEntry>> cataloguePages(int page, List<CatalogueEntry> collected) {
        return result(UpstreamCall.unobserved(), UpstreamBudget.NO_CEILING,
                () -> catalogueApi.searchModels(account, page, CATALOGUE_PAGE_SIZE), r -> false)
                .flatMap(entries -> {
                    collected.addAll(entries);
                    boolean last = entries.size() < CATALOGUE_PAGE_SIZE || page >= CATALOGUE_MAX_PAGES;
                    return last ? Uni.createFrom().item(collected) : cataloguePages(page + 1, collected);
                });
    }

    /**
     * The envelope's result, guarded; fails with {@link WorkersAiException} on any error, including
     * {@code success: false}, which is checked inside the guard so that it is retried like any other answer.
     */
    private <T> Uni<T> result(UpstreamCall observed, Uni<Void> budgetPlace, Supplier<Uni<WorkersAiEnvelope<T>>> call,
            Predicate<T> empty) {
        return guarded(observed, budgetPlace, () -> limiter.around(() -> observed.sending(call)
                .ifNoItem().after(requestTimeout).failWith(() -> timeout("did not answer", requestTimeout)))
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
                }));
    }

    /**
     * Retries (outermost), then the circuit breaker, one for every Workers AI call, around each attempt. Each
     * attempt, a retry too, first takes its place in the model's budget (subscribing to {@code budgetPlace} anew),
     * so that retries count against Cloudflare's per-model limit; then the attempt takes its place among the calls
     * in flight, so that a wait for budget holds none. An open breaker refuses before the budget is asked; a refusal
     * by the budget is, to the breaker, no fault of Workers AI's.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> Uni<T> guarded(UpstreamCall observed, Uni<Void> budgetPlace, Supplier<Uni<T>> attempt) {
        Supplier<Uni<T>> watched = () -> breaker.guard(
                () -> observed.attempt(() -> budgetPlace.chain(ignored -> attempt.get())));
        return Uni.createFrom().deferred(() -> (Uni<T>) guard.get((Supplier) watched, ANY_UNI));
    }

    /**
     * A streamed text generation as parsed frames. Its start (up to the first frame) is guarded like any call:
     * timed, retried and counted by the breaker, as nothing has reached the client yet. After that a silence
     * longer than the idle timeout fails it, and so does a stream that stops without Workers AI's {@code [DONE]}
     * ({@link Kind#TRUNCATED_STREAM}) or a {@code success: false} frame. Cancelling it closes the upstream call.
     */
    public Multi<TextGenerationChunk> stream(String model, TextGenerationRequest request) {
        UpstreamCall observed = metrics.upstreamCall(Operation.CHAT, model, true);
        return guarded(observed, budget.place(model, Task.TEXT_GENERATION), () -> StreamStart.of(limiter.aroundStream(
                () -> observed.sending(() -> frames(model, request))))
                .ifNoItem().after(firstTokenTimeout).failWith(() -> timeout("sent no first token", firstTokenTimeout)))
                .onItem().transformToMulti(whole -> observed.rest(whole
                        .ifNoItem().after(streamIdleTimeout)
                        .failWith(() -> timeout("fell silent in the middle of a stream", streamIdleTimeout))));
    }

    private Multi<TextGenerationChunk> frames(String model, TextGenerationRequest request) {
        return models.stream(model, request.streamed())
                .onFailure().transform(WorkersAi::asWorkersAiFailure)
                .filter(data -> !data.isBlank())
                .map(this::parseFrame);
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

    private static WorkersAiException timeout(String what, Duration limit) {
        return WorkersAiException.of(Kind.TIMEOUT, "Workers AI " + what + " within " + format(limit));
    }

    static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
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
        String detail = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        return WorkersAiException.of(Kind.UNREACHABLE, "Could not reach Workers AI: "
                + failure.getClass().getSimpleName() + detail);
    }
}

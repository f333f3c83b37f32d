package dev.flaregate.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.flaregate.models.ModelCatalogue;
import dev.flaregate.models.Price;
import dev.flaregate.workersai.BreakerState;
import dev.flaregate.workersai.WorkersAiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;

/**
 * Every metric the gateway publishes, named after OpenTelemetry's generative AI conventions where they have one
 * ({@code gen_ai.*}, with their attribute names and bucket boundaries) and {@code flaregate.*} otherwise. Labels
 * come from small fixed sets only: catalogued model ids (anything else is {@code other}), operations, HTTP
 * statuses and Workers AI's error codes; never a request id or text a client sent.
 * <p>
 * Meters are created once per label set and kept, so recording costs a map lookup and no registry search. The
 * bean starts with the application so that the streams gauge is there from the first scrape.
 */
@Startup
@ApplicationScoped
public class GatewayMetrics {

    static final String OPERATION = "gen_ai.operation.name";
    static final String PROVIDER = "gen_ai.provider.name";
    static final String MODEL = "gen_ai.request.model";
    static final String TOKEN_TYPE = "gen_ai.token.type";
    static final String ERROR_TYPE = "error.type";
    /** OpenTelemetry lists no value for Cloudflare; this follows the form of its {@code gcp.vertex_ai}. */
    static final String WORKERS_AI = "cloudflare.workers_ai";
    /** Prometheus wants the same label names on every series of a metric: a success has an empty error type. */
    static final String NO_ERROR = "";

    // OpenTelemetry's recommended boundaries, in seconds; first tokens may take up to the first-token timeout.
    private static final Duration[] OPERATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
            2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 30.0, 60.0);
    private static final Duration[] OUTPUT_TOKEN_BUCKETS = seconds(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3,
            0.4, 0.5, 0.75, 1.0, 2.5);
    // The gateway's own share of a request: well under a millisecond is the aim, tens of them a problem.
    private static final Duration[] OVERHEAD_BUCKETS = seconds(0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01,
            0.025, 0.05, 0.1);
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
            4194304, 16777216, 67108864};

    private record RequestKey(Operation operation, String model, int status, boolean stream) {
    }

    private record TokenKey(Operation operation, String model, String type) {
    }

    private record ModelKey(Operation operation, String model) {
    }

    private record OutcomeKey(Operation operation, String model, String errorType) {
    }

    private record RefusalKey(String refusedBy, String model) {
    }

    private record OverheadKey(Operation operation, boolean stream) {
    }

    private final ModelCatalogue catalogue;
    private final AtomicInteger streamsInFlight = new AtomicInteger();
    private final AtomicReference<BreakerState> breakerState =
            new AtomicReference<>(BreakerState.CLOSED);
    private final Counter breakerOpened;
    private final Meters<RequestKey, Counter> requests;
    private final Meters<TokenKey, DistributionSummary> tokens;
    private final Meters<String, Counter> costNeurons;
    private final Meters<String, Counter> costUsd;
    private final Meters<RefusalKey, Counter> refusals;
    private final Meters<ModelKey, Timer> firstToken;
    private final Meters<ModelKey, Timer> perOutputToken;
    private final Meters<OutcomeKey, Timer> upstreamDuration;
    private final Meters<OutcomeKey, Counter> upstreamErrors;
    private final Meters<OutcomeKey, Counter> retries;
    private final Meters<OverheadKey, Timer> overhead;

    GatewayMetrics(MeterRegistry registry, ModelCatalogue catalogue) {
        this.catalogue = catalogue;
        Gauge.builder("flaregate.streams.in_flight", streamsInFlight, AtomicInteger::get)
                .description("Streams being sent to clients now")
                .register(registry);
        for (BreakerState state : BreakerState.values()) {
            Gauge.builder("flaregate.workers_ai.circuit_breaker.state", breakerState,
                            current -> current.get() == state ? 1 : 0)
                    .description("1 for the state the Workers AI circuit breaker is in, 0 for the others")
                    .tags("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        breakerOpened = Counter.builder("flaregate.workers_ai.circuit_breaker.opened")
                .description("Times the Workers AI circuit breaker opened")
                .register(registry);
        requests = new Meters<>(k -> Counter.builder("flaregate.requests")
                .description("Requests to the OpenAI endpoints that take a model")
                .tags("endpoint", k.operation().endpoint(), MODEL, k.model(), "status", String.valueOf(k.status()),
                        "stream", String.valueOf(k.stream()))
                .register(registry));
        tokens = new Meters<>(k -> DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Input and output tokens per request, as Workers AI counted them")
                .tags(OPERATION, k.operation().otelName(), PROVIDER, WORKERS_AI, MODEL, k.model(), TOKEN_TYPE,
                        k.type())
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry));
        costNeurons = new Meters<>(model -> Counter.builder("flaregate.cost.neurons")
                .description("Estimated Workers AI cost in neurons, from the tokens and the model's price")
                .tags(MODEL, model)
                .register(registry));
        costUsd = new Meters<>(model -> Counter.builder("flaregate.cost.usd")
                .description("Estimated Workers AI cost in US dollars, at $0.011 per 1,000 neurons")
                .tags(MODEL, model)
                .register(registry));
        refusals = new Meters<>(k -> Counter.builder("flaregate.requests.refused")
                .description("429 answers, by who refused: the gateway's own limits or Workers AI")
                .tags("refused_by", k.refusedBy(), MODEL, k.model())
                .register(registry));
        firstToken = streamTimer(registry, "gen_ai.server.time_to_first_token",
                "Time from a streamed request's arrival to its first chunk", FIRST_TOKEN_BUCKETS);
        perOutputToken = streamTimer(registry, "gen_ai.server.time_per_output_token",
                "Time per output token after the first, for streams that end well", OUTPUT_TOKEN_BUCKETS);
        upstreamDuration = new Meters<>(k -> Timer.builder("gen_ai.client.operation.duration")
                .description("Duration of each Workers AI call attempt, to the end of its stream")
                .tags(OPERATION, k.operation().otelName(), PROVIDER, WORKERS_AI, MODEL, k.model(), ERROR_TYPE,
                        k.errorType())
                .serviceLevelObjectives(OPERATION_BUCKETS)
                .register(registry));
        upstreamErrors = new Meters<>(k -> Counter.builder("flaregate.workers_ai.errors")
                .description("Failed Workers AI call attempts, by Workers AI error code")
                .tags(OPERATION, k.operation().otelName(), MODEL, k.model(), ERROR_TYPE, k.errorType())
                .register(registry));
        retries = new Meters<>(k -> Counter.builder("flaregate.workers_ai.retries")
                .description("Workers AI calls retried by the gateway, by the failure retried")
                .tags(OPERATION, k.operation().otelName(), MODEL, k.model(), ERROR_TYPE, k.errorType())
                .register(registry));
        overhead = new Meters<>(k -> Timer.builder("flaregate.gateway.overhead")
                .description("Time each request spent in the gateway itself, not waiting on Workers AI")
                .tags("endpoint", k.operation().endpoint(), "stream", String.valueOf(k.stream()))
                .serviceLevelObjectives(OVERHEAD_BUCKETS)
                .register(registry));
    }

    private static Meters<ModelKey, Timer> streamTimer(MeterRegistry registry, String name, String description,
            Duration[] buckets) {
        return new Meters<>(k -> Timer.builder(name)
                .description(description)
                .tags(OPERATION, k.operation().otelName(), PROVIDER, WORKERS_AI, MODEL, k.model())
                .serviceLevelObjectives(buckets)
                .register(registry));
    }

    /** The Workers AI circuit breaker reports each change of its state here. */
    public void circuitBreaker(BreakerState state) {
        breakerState.set(state);
        if (state == BreakerState.OPEN) {
            breakerOpened.increment();
        }
    }

    /** Watches one Workers AI call, its retries included. */
    public UpstreamCall upstreamCall(Operation operation, String modelId, boolean streamed) {
        String model = catalogue.find(modelId).isPresent() ? modelId : RequestRecord.OTHER_MODEL;
        return new UpstreamCall(this, operation, model, streamed, RequestRecord.current());
    }

    /**
     * A stream to the client, watched: counted while it runs, its first chunk timed from the request's arrival, and
     * at its end the time per output token, which needs the tokens the stream reported into the record.
     */
    public <T> Multi<T> stream(RequestRecord record, Multi<T> chunks) {
        return Multi.createFrom().deferred(() -> {
            streamsInFlight.incrementAndGet();
            return chunks
                    .onItem().invoke(() -> {
                        long now = System.nanoTime();
                        if (record.firstToken(now) && record.operation() != null) {
                            firstToken.get(new ModelKey(record.operation(), record.modelLabel()))
                                    .record(now - record.startedAt(), TimeUnit.NANOSECONDS);
                        }
                    })
                    .onTermination().invoke((failure, cancelled) -> {
                        streamsInFlight.decrementAndGet();
                        if (failure == null && !cancelled) {
                            perOutputToken(record, System.nanoTime());
                        }
                    });
        });
    }

    private void perOutputToken(RequestRecord record, long end) {
        int output = record.outputTokens();
        if (output > 1 && record.firstTokenAt() != 0 && record.operation() != null) {
            perOutputToken.get(new ModelKey(record.operation(), record.modelLabel()))
                    .record((end - record.firstTokenAt()) / (output - 1), TimeUnit.NANOSECONDS);
        }
    }

    /** The response has ended (or the client went away): the request's counts, tokens and cost. */
    void requestEnded(RequestRecord record, int status) {
        Operation operation = record.operation();
        if (operation == null) {
            return;
        }
        String model = record.modelLabel();
        requests.get(new RequestKey(operation, model, status, record.streamed())).increment();
        overhead.get(new OverheadKey(operation, record.streamed()))
                .record(record.gatewayNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
        int input = record.inputTokens();
        int output = record.outputTokens();
        if (input >= 0) {
            tokens.get(new TokenKey(operation, model, "input")).record(input);
        }
        if (output >= 0) {
            tokens.get(new TokenKey(operation, model, "output")).record(output);
        }
        Price price = record.price();
        if (price != null && (input > 0 || output > 0)) {
            double neurons = price.neurons(Math.max(0, input), Math.max(0, output));
            costNeurons.get(model).increment(neurons);
            costUsd.get(model).increment(neurons * Price.USD_PER_NEURON);
        }
        if (status == 429) {
            String refusedBy = record.refusedBy() != null ? record.refusedBy() : RequestRecord.GATEWAY;
            refusals.get(new RefusalKey(refusedBy, model)).increment();
        }
    }

    void upstreamAttempt(Operation operation, String model, String errorType, long nanos) {
        OutcomeKey key = new OutcomeKey(operation, model, errorType);
        upstreamDuration.get(key).record(nanos, TimeUnit.NANOSECONDS);
        if (!errorType.isEmpty()) {
            upstreamErrors.get(key).increment();
        }
    }

    void retried(Operation operation, String model, String errorType) {
        retries.get(new OutcomeKey(operation, model, errorType)).increment();
    }

    /**
     * A failure as OpenTelemetry's {@code error.type}: Workers AI's error code where it sent one ({@code 3040}),
     * else what went wrong ({@code timeout}, {@code unreachable}, {@code truncated_stream},
     * {@code malformed_response}, {@code http_502} for an error without a code).
     */
    static String errorType(Throwable failure) {
        if (!(failure instanceof WorkersAiException e)) {
            return "_OTHER";
        }
        if (e.kind() == WorkersAiException.Kind.ERROR_RESPONSE) {
            return e.code() != null ? e.code().toString() : "http_" + e.httpStatus();
        }
        return e.kind().name().toLowerCase(Locale.ROOT);
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
    }

    /** Meters by label set, each created on first use. */
    private static final class Meters<K, M> {
        private final Map<K, M> byKey = new ConcurrentHashMap<>();
        private final Function<K, M> create;

        Meters(Function<K, M> create) {
            this.create = create;
        }

        M get(K key) {
            M meter = byKey.get(key);
            return meter != null ? meter : byKey.computeIfAbsent(key, create);
        }
    }
}

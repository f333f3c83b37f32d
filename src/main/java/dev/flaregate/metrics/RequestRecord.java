package dev.flaregate.metrics;

import dev.flaregate.error.ApiError;
import dev.flaregate.models.Price;
import dev.flaregate.models.WorkersAiModel;
import dev.flaregate.workersai.WorkersAiException;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;

/**
 * What one request did, filled in by the layers that learn it (the model once resolved, the tokens once Workers AI
 * reports them, the error the client was sent) and read once when the response ends, for the request metrics and
 * the access log. It travels in the request's Vert.x context, like the request id, so that the layers between need
 * not pass it on. Never holds a prompt, a completion or a credential.
 */
public final class RequestRecord {

    /** The label of every model that is not in the catalogue: clients may send any string as a model. */
    public static final String OTHER_MODEL = "other";
    /** A token count Workers AI did not report, or that does not exist (an embedding has no output tokens). */
    public static final int UNKNOWN = -1;

    static final String GATEWAY = "gateway";
    static final String WORKERS_AI = "workers_ai";
    private static final String KEY = "flaregate.request-record";

    private final String id;
    private final String method;
    private final String path;
    private final Operation operation;
    private final long startedAt;
    private volatile WorkersAiModel model;
    private volatile boolean stream;
    private volatile int inputTokens = UNKNOWN;
    private volatile int outputTokens = UNKNOWN;
    private volatile String error;
    private volatile String refusedBy;
    private volatile String keyName;
    private volatile long firstTokenAt;
    private long upstreamSentAt;
    private long upstreamEndedAt;

    RequestRecord(String id, String method, String path, long startedAt) {
        this.id = id;
        this.method = method;
        this.path = path;
        this.operation = Operation.ofPath(path);
        this.startedAt = startedAt;
    }

    /** Starts the record of the request whose Vert.x context this runs on. */
    static RequestRecord start(String id, String method, String path) {
        RequestRecord record = new RequestRecord(id, method, path, System.nanoTime());
        ContextLocals.put(KEY, record);
        return record;
    }

    /**
     * The record of the current request. Outside one (a background task, a unit test) a record that nobody reads,
     * so that callers need not care.
     */
    public static RequestRecord current() {
        RequestRecord record = VertxContext.isOnDuplicatedContext() ? ContextLocals.get(KEY, null) : null;
        return record != null ? record : new RequestRecord(null, null, null, System.nanoTime());
    }

    /** The client asked for a stream. */
    public RequestRecord streaming() {
        stream = true;
        return this;
    }

    /** The model the request resolved to, aliases followed. */
    public void model(WorkersAiModel resolved) {
        model = resolved;
    }

    /** Tokens as Workers AI counted them; {@link #UNKNOWN} for a count it did not give. */
    public void tokens(int input, int output) {
        inputTokens = input;
        outputTokens = output;
    }

    /** The name of the API key the request came with (never the key itself). */
    public void key(String name) {
        keyName = name;
    }

    /** The client was sent this error, as a response or as the event that ends a stream. */
    public void failed(Throwable cause, ApiError sent) {
        error = sent.code() != null ? sent.code() : sent.type();
        if (sent.status() == 429) {
            // Workers AI (or AI Gateway or Cloudflare's edge in front of it) answered 429; anything else is ours.
            refusedBy = cause instanceof WorkersAiException upstream
                    && upstream.kind() == WorkersAiException.Kind.ERROR_RESPONSE ? WORKERS_AI : GATEWAY;
        }
    }

    /** A Workers AI call of this request left the gateway (calls of one request may overlap: n choices, batches). */
    synchronized void upstreamSent(long now) {
        if (upstreamSentAt == 0) {
            upstreamSentAt = now;
        }
    }

    synchronized void upstreamEnded(long now) {
        upstreamEndedAt = Math.max(upstreamEndedAt, now);
    }

    /**
     * Time spent in the gateway rather than waiting on Workers AI: the request's whole time less the window from
     * its first upstream call to the end of its last (retries' pauses included, as they wait on Workers AI).
     */
    synchronized long gatewayNanos(long end) {
        long upstream = upstreamSentAt == 0 || upstreamEndedAt < upstreamSentAt ? 0 : upstreamEndedAt - upstreamSentAt;
        return Math.max(0, end - startedAt - upstream);
    }

    /** Notes the first chunk of a stream; true the first time only. */
    boolean firstToken(long now) {
        if (firstTokenAt != 0) {
            return false;
        }
        firstTokenAt = now;
        return true;
    }

    /** The model as a metric label: a catalogued id, or {@link #OTHER_MODEL}, so that labels stay few. */
    String modelLabel() {
        WorkersAiModel resolved = model;
        return resolved != null && resolved.catalogued() ? resolved.id() : OTHER_MODEL;
    }

    /** The resolved model id for the access log: safe to print, as only plain path segments resolve. */
    String modelId() {
        WorkersAiModel resolved = model;
        return resolved == null ? null : resolved.id();
    }

    Price price() {
        WorkersAiModel resolved = model;
        return resolved == null ? null : resolved.price();
    }

    String id() {
        return id;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    Operation operation() {
        return operation;
    }

    long startedAt() {
        return startedAt;
    }

    long firstTokenAt() {
        return firstTokenAt;
    }

    boolean streamed() {
        return stream;
    }

    int inputTokens() {
        return inputTokens;
    }

    int outputTokens() {
        return outputTokens;
    }

    String error() {
        return error;
    }

    String refusedBy() {
        return refusedBy;
    }

    String keyName() {
        return keyName;
    }
}

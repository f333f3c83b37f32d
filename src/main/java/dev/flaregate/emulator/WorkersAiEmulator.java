package dev.flaregate.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.flaregate.models.Capability;
import dev.flaregate.models.ResultShape;
import dev.flaregate.models.Task;
import dev.flaregate.models.WorkersAiModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A stand-in Workers AI that speaks its REST wire format: {@code POST /client/v4/accounts/{account}/ai/run/{model}}
 * with the v4 envelope, classic and chat-completion-shaped text models, SSE frames with {@code p} padding and the
 * trailing usage frame, embedding models, the model catalogue ({@code GET .../ai/models/search}), and Workers AI's
 * error codes and statuses. It is a separate HTTP server, reached like the real one, so nothing in the gateway knows
 * which of the two it talks to.
 * <p>
 * For tests and the curious it also answers {@code GET /__emulator/stats} (stream counters) and
 * {@code GET /__emulator/requests} (the last bodies it received, newest first).
 */
public final class WorkersAiEmulator {

    public static final String API_BASE = "/client/v4";
    private static final String RUN = "/ai/run/";
    public static final String GATEWAY_BASE = "/v1";
    private static final String GATEWAY_RUN = "/workers-ai/run/";
    private static final String GATEWAY_MODEL = "/workers-ai/";
    private static final String AIG_AUTHORIZATION = "cf-aig-authorization";
    private static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
    private static final int REMEMBERED_REQUESTS = 100;
    private static final String PADDING = "abdefghijklmnoprstuvxyz1234567890";

    private final String accountId;
    private final String apiToken;
    private final Duration tokenInterval;
    private final String gatewayToken;
    /** Requests AI Gateway has answered, so that a repeat with a cache header is a cache hit. */
    private final Set<String> gatewayCache = ConcurrentHashMap.newKeySet();
    private final Map<String, WorkersAiModel> catalogue = EmulatedCatalogue.byId();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong streamsStarted = new AtomicLong();
    private final AtomicLong streamsCompleted = new AtomicLong();
    private final AtomicLong streamsCancelled = new AtomicLong();
    private final ConcurrentLinkedDeque<JsonObject> recent = new ConcurrentLinkedDeque<>();
    /** Requests that acted out a limited ({@code times}) scenario, by the text that asked for it. */
    private final Map<String, Integer> acted = new ConcurrentHashMap<>();

    public WorkersAiEmulator(String accountId, String apiToken, Duration tokenInterval) {
        this(accountId, apiToken, tokenInterval, null);
    }

    /** An emulator that is also an Authenticated AI Gateway in front of itself, when {@code gatewayToken} is set. */
    public WorkersAiEmulator(String accountId, String apiToken, Duration tokenInterval, String gatewayToken) {
        this.accountId = accountId;
        this.apiToken = apiToken;
        this.tokenInterval = tokenInterval;
        this.gatewayToken = gatewayToken;
    }

    public Future<HttpServer> listen(Vertx vertx, String host, int port) {
        Router router = Router.router(vertx);
        router.post(API_BASE + "/accounts/:account/ai/run/*").handler(ctx -> run(vertx, ctx, RUN, "direct"));
        router.post(GATEWAY_BASE + "/:account/:gateway/workers-ai/*").handler(ctx -> throughGateway(vertx, ctx));
        router.get(API_BASE + "/accounts/:account/ai/models/search").handler(this::searchModels);
        router.get("/__emulator/stats").handler(ctx -> json(ctx.response(), 200, stats()));
        router.get("/__emulator/requests").handler(ctx -> json(ctx.response(), 200,
                new JsonObject().put("requests", new JsonArray(new ArrayList<>(recent)))));
        return vertx.createHttpServer().requestHandler(router).listen(port, host);
    }

    private JsonObject stats() {
        return new JsonObject()
                .put("requests", requests.get())
                .put("streamsStarted", streamsStarted.get())
                .put("streamsCompleted", streamsCompleted.get())
                .put("streamsCancelled", streamsCancelled.get());
    }

    private void run(Vertx vertx, RoutingContext ctx, String modelAfter, String route) {
        requests.incrementAndGet();
        HttpServerResponse response = ctx.response().putHeader("cf-ai-req-id", UUID.randomUUID().toString());
        if (!admitted(ctx)) {
            return;
        }
        String path = ctx.request().path();
        String model = URLDecoder.decode(path.substring(path.indexOf(modelAfter) + modelAfter.length()),
                StandardCharsets.UTF_8);
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && Long.parseLong(length) > MAX_BODY_BYTES) {
            fail(response, EmulatedError.of(3006));
            return;
        }
        JsonObject seen = new JsonObject().put("route", route)
                .put("requestId", ctx.request().getHeader("x-request-id"));
        ctx.request().headers().forEach(h -> {
            if (h.getKey().toLowerCase().startsWith("cf-aig-") && !h.getKey().equalsIgnoreCase(AIG_AUTHORIZATION)) {
                seen.put(h.getKey().toLowerCase(), h.getValue());
            }
        });
        ctx.request().body()
                .onSuccess(body -> answer(vertx, response, model, body, seen))
                .onFailure(e -> fail(response, EmulatedError.of(3008)));
    }

    /**
     * AI Gateway in front of Workers AI ({@code /v1/{account}/{gateway}/workers-ai/[run/]{model}}): its own
     * credential check (2009, in AI Gateway's envelope) and answer headers, then Workers AI as usual.
     */
    private void throughGateway(Vertx vertx, RoutingContext ctx) {
        if (gatewayToken != null && !("Bearer " + gatewayToken).equals(ctx.request().getHeader(AIG_AUTHORIZATION))) {
            json(ctx.response(), 401, new JsonObject().put("success", false).put("result", new JsonArray())
                    .put("messages", new JsonArray())
                    .put("error", new JsonArray().add(error(2009, "Unauthorized")))
                    .put("name", "AiGatewayError").put("httpCode", 401).put("internalCode", 2009)
                    .put("message", "Unauthorized"));
            return;
        }
        String cacheKey = ctx.request().path() + " " + ctx.request().getHeader("Content-Length") + " "
                + ctx.request().getHeader("cf-aig-cache-key");
        boolean cacheable = ctx.request().getHeader("cf-aig-cache-ttl") != null
                && !"true".equals(ctx.request().getHeader("cf-aig-skip-cache"));
        ctx.response()
                .putHeader("cf-aig-cache-status", cacheable && !gatewayCache.add(cacheKey) ? "HIT" : "MISS")
                .putHeader("cf-aig-log-id", UUID.randomUUID().toString().replace("-", "").substring(0, 26)
                        .toUpperCase());
        boolean runSegment = ctx.request().path().contains(GATEWAY_RUN);
        run(vertx, ctx, runSegment ? GATEWAY_RUN : GATEWAY_MODEL, runSegment ? "gateway-run" : "gateway");
    }

    /** Cloudflare's checks before any other: the token (10000), then the account (7003 and 7000). */
    private boolean admitted(RoutingContext ctx) {
        if (!("Bearer " + apiToken).equals(ctx.request().getHeader("Authorization"))) {
            fail(ctx.response(), EmulatedError.of(10000));
            return false;
        }
        if (!accountId.equals(ctx.pathParam("account"))) {
            failWith(ctx.response(), 400, new JsonArray()
                    .add(error(7003, "Could not route to " + ctx.request().path()
                            + ", perhaps your object identifier is invalid?"))
                    .add(error(7000, "No route for that URI")));
            return false;
        }
        return true;
    }

    private void searchModels(RoutingContext ctx) {
        if (!admitted(ctx)) {
            return;
        }
        EmulatedCatalogueSearch.Page page = EmulatedCatalogueSearch.page(catalogue.values(),
                EmulatedCatalogueSearch.Query.of(ctx.request().getParam("page"), ctx.request().getParam("per_page"),
                        ctx.request().getParam("task")));
        json(ctx.response(), 200, envelope(page.models(), true).put("result_info", page.info()));
    }

    private void answer(Vertx vertx, HttpServerResponse response, String modelId, Buffer raw, JsonObject seen) {
        Optional<WorkersAiModel> found = Optional.ofNullable(catalogue.get(modelId));
        if (found.isEmpty()) {
            fail(response, EmulatedError.withMessage(5007, "No such model " + modelId + " or task"));
            return;
        }
        WorkersAiModel model = found.get();
        JsonObject body;
        try {
            body = raw.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            fail(response, EmulatedError.withMessage(5006, "AiError: Bad input: the body is not a JSON object"));
            return;
        }
        remember(modelId, body, seen);
        if (model.task() == Task.TEXT_EMBEDDINGS) {
            embed(vertx, response, model, body);
            return;
        }
        Optional<String> violation = TextInputSchema.violation(body, model.family());
        if (violation.isPresent()) {
            fail(response, EmulatedError.withMessage(5006, violation.get()));
            return;
        }
        String lastUser = EmulatedReply.lastUserText(body);
        Directives directives = Directives.in(lastUser == null ? "" : lastUser);
        if (actedOut(response, directives)) {
            return;
        }
        int prompt = EmulatedReply.promptTokens(body);
        if (model.contextWindow() != null && prompt > model.contextWindow()) {
            fail(response, EmulatedError.withMessage(3030, "AiError: AiError: Max context reached " + prompt
                    + " tokens but model supports only " + model.contextWindow() + " (" + shortId() + ")"));
            return;
        }
        boolean chatShaped = model.family().shape() == ResultShape.CHAT_COMPLETION;
        EmulatedReply reply = EmulatedReply.to(body, chatShaped && model.has(Capability.REASONING));
        if (EmulatedTools.calls(body)) {
            String userText = Directives.DIRECTIVE.matcher(lastUser == null ? "" : lastUser).replaceAll("").strip();
            JsonObject usage = new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", 10)
                    .put("total_tokens", prompt + 10);
            if (Boolean.TRUE.equals(body.getValue("stream"))) {
                JsonObject call = EmulatedTools.chosen(body, userText);
                stream(vertx, response, chatShaped ? chatToolFrames(modelId, call, usage) : classicToolFrames(call,
                        usage), directives);
                return;
            }
            JsonObject result = chatShaped
                    ? chatObject(modelId, "chat.completion").put("choices", new JsonArray().add(new JsonObject()
                            .put("index", 0).put("message", EmulatedTools.chatCall(body, userText))
                            .put("logprobs", null).put("finish_reason", "tool_calls"))).put("usage", usage)
                    : EmulatedTools.classicCall(body, userText).put("usage", usage);
            succeed(vertx, response, result, directives);
            return;
        }
        if (EmulatedJsonMode.requested(body)) {
            Optional<String> jsonViolation = EmulatedJsonMode.violation(body, model.family().shape());
            if (jsonViolation.isPresent()) {
                fail(response, EmulatedError.withMessage(5006, jsonViolation.get()));
                return;
            }
            JsonObject answer = EmulatedJsonMode.answer(body, reply.text());
            JsonObject result = chatShaped ? chatCompletion(modelId, reply, answer.encode())
                    : new JsonObject().put("response", answer).put("usage", reply.usage());
            succeed(vertx, response, result, directives);
            return;
        }
        if (Boolean.TRUE.equals(body.getValue("stream"))) {
            List<JsonObject> frames = chatShaped ? chatFrames(modelId, reply) : classicFrames(reply);
            stream(vertx, response, frames, directives);
        } else {
            JsonObject result = chatShaped ? chatCompletion(modelId, reply, reply.text()) : classicResult(reply);
            succeed(vertx, response, result, directives);
        }
    }

    private void embed(Vertx vertx, HttpServerResponse response, WorkersAiModel model, JsonObject body) {
        Optional<String> violation = EmbeddingInputSchema.violation(body, model);
        if (violation.isPresent()) {
            fail(response, EmulatedError.withMessage(5006, violation.get()));
            return;
        }
        EmulatedEmbeddings embeddings = EmulatedEmbeddings.of(body, model);
        Directives directives = embeddings.directives();
        if (actedOut(response, directives)) {
            return;
        }
        int longest = embeddings.longestText();
        if (model.contextWindow() != null && longest > model.contextWindow() && !embeddings.truncates()) {
            fail(response, EmulatedError.withMessage(3030, "AiError: AiError: Sequence too long: " + longest + " > "
                    + model.contextWindow() + " (" + shortId() + ")"));
            return;
        }
        succeed(vertx, response, embeddings.result(), directives);
    }

    /**
     * Acts out the directives that replace a non-streamed answer: an error, {@code success: false} or an empty
     * result. True when it has answered.
     */
    private boolean actedOut(HttpServerResponse response, Directives directives) {
        Integer times = directives.number("times");
        if (times != null && acted.merge(directives.source(), 1, Integer::sum) > times) {
            return false;
        }
        if (directives.number("error") != null) {
            Integer retryAfter = directives.number("retry-after");
            if (retryAfter != null) {
                response.putHeader("Retry-After", retryAfter.toString());
            }
            fail(response, EmulatedError.of(directives.number("error")));
            return true;
        }
        if (directives.number("success-false") != null) {
            EmulatedError error = EmulatedError.of(directives.number("success-false"));
            json(response, 200, envelope(null, false).put("errors", new JsonArray().add(error(error.code(),
                    error.message()))));
            return true;
        }
        if (directives.has("empty-result")) {
            json(response, 200, envelope(new JsonObject(), true));
            return true;
        }
        return false;
    }

    /** Answers with the enveloped result, after the directive's delay if there is one. */
    private static void succeed(Vertx vertx, HttpServerResponse response, JsonObject result, Directives directives) {
        JsonObject answer = envelope(result, true);
        Integer delay = directives.number("delay");
        if (delay != null && delay > 0) {
            vertx.setTimer(delay, t -> json(response, 200, answer));
        } else {
            json(response, 200, answer);
        }
    }

    private static JsonObject classicResult(EmulatedReply reply) {
        return new JsonObject().put("response", reply.text()).put("usage", reply.usage());
    }

    private static JsonObject chatCompletion(String modelId, EmulatedReply reply, String content) {
        JsonObject message = new JsonObject().put("role", "assistant").put("content", content)
                .put("reasoning_content", reply.reasoning().isEmpty() ? null : reply.reasoningText());
        return chatObject(modelId, "chat.completion")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
                        .put("logprobs", null).put("finish_reason", reply.finishReason())))
                .put("usage", reply.usage().put("prompt_tokens_details", new JsonObject().put("cached_tokens", 0)));
    }

    /** Frames as Workers AI sends them for llama and the other classic models (reference §3.1). */
    private static List<JsonObject> classicFrames(EmulatedReply reply) {
        List<JsonObject> frames = new ArrayList<>();
        frames.add(new JsonObject().put("response", "").put("tool_calls", new JsonArray()));
        for (String token : reply.tokens()) {
            frames.add(new JsonObject().put("response", token).put("tool_calls", new JsonArray()));
        }
        frames.add(new JsonObject().put("response", "").put("tool_calls", new JsonArray()));
        frames.add(new JsonObject().put("tool_calls", new JsonArray()));
        padAll(frames);
        frames.add(new JsonObject().put("response", "").put("usage", reply.usage()));
        return frames;
    }

    /**
     * Frames as chat-completion-shaped models send them (reference §3.2): per-frame usage increments, a finish
     * frame, a {@code choices: []} frame, then the cumulative usage frame.
     */
    private static List<JsonObject> chatFrames(String modelId, EmulatedReply reply) {
        String id = UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        List<JsonObject> frames = new ArrayList<>();
        frames.add(chunk(id, created, modelId, new JsonObject().put("content", "").put("reasoning_content", null)
                .put("role", "assistant"), null, increment(reply.promptTokens(), 0)));
        for (String token : reply.reasoning()) {
            frames.add(chunk(id, created, modelId, new JsonObject().put("content", null)
                    .put("reasoning_content", token), null, increment(0, 1)));
        }
        for (String token : reply.tokens()) {
            frames.add(chunk(id, created, modelId, new JsonObject().put("content", token)
                    .put("reasoning_content", null), null, increment(0, 1)));
        }
        frames.add(chunk(id, created, modelId, new JsonObject().put("reasoning_content", null),
                reply.finishReason(), increment(0, 0)));
        frames.add(new JsonObject().put("choices", new JsonArray()).put("created", created).put("id", id)
                .put("model", modelId).put("object", "chat.completion.chunk").put("usage", increment(0, 0)));
        padAll(frames);
        frames.add(new JsonObject().put("response", "").put("usage", reply.usage()));
        return frames;
    }

    /**
     * A streamed tool call as Cloudflare's own clients parse it from classic models: the name and id first, the
     * arguments in fragments, then an empty closing piece.
     */
    private static List<JsonObject> classicToolFrames(JsonObject call, JsonObject usage) {
        String arguments = call.getJsonObject("arguments").encode();
        int half = arguments.length() / 2;
        List<JsonObject> frames = new ArrayList<>();
        frames.add(new JsonObject().put("response", "").put("tool_calls", new JsonArray()));
        frames.add(toolPiece(new JsonObject().put("id", shortId() + "a").put("type", "function").put("index", 0)
                .put("function", new JsonObject().put("name", call.getString("name")))));
        frames.add(toolPiece(argumentsPiece(arguments.substring(0, half))));
        frames.add(toolPiece(argumentsPiece(arguments.substring(half))));
        frames.add(toolPiece(new JsonObject().putNull("id").putNull("type").put("index", 0)
                .put("function", new JsonObject().putNull("name").put("arguments", ""))));
        frames.add(new JsonObject().put("tool_calls", new JsonArray()));
        padAll(frames);
        frames.add(new JsonObject().put("response", "").put("usage", usage));
        return frames;
    }

    private static List<JsonObject> chatToolFrames(String modelId, JsonObject call, JsonObject usage) {
        String id = UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        String arguments = call.getJsonObject("arguments").encode();
        int half = arguments.length() / 2;
        List<JsonObject> frames = new ArrayList<>();
        frames.add(chunk(id, created, modelId, new JsonObject().put("content", "").put("role", "assistant"), null,
                increment(usage.getInteger("prompt_tokens"), 0)));
        JsonObject first = new JsonObject().put("index", 0).put("id", "chatcmpl-tool-" + id).put("type", "function")
                .put("function", new JsonObject().put("name", call.getString("name")).put("arguments", ""));
        frames.add(chunk(id, created, modelId, new JsonObject().put("tool_calls", new JsonArray().add(first)), null,
                increment(0, 1)));
        for (String fragment : List.of(arguments.substring(0, half), arguments.substring(half))) {
            frames.add(chunk(id, created, modelId, new JsonObject().put("tool_calls",
                    new JsonArray().add(argumentsPiece(fragment))), null, increment(0, 1)));
        }
        frames.add(chunk(id, created, modelId, new JsonObject(), "tool_calls", increment(0, 0)));
        padAll(frames);
        frames.add(new JsonObject().put("response", "").put("usage", usage));
        return frames;
    }

    private static JsonObject toolPiece(JsonObject piece) {
        return new JsonObject().put("tool_calls", new JsonArray().add(piece));
    }

    private static JsonObject argumentsPiece(String fragment) {
        return new JsonObject().put("index", 0).put("function", new JsonObject().put("arguments", fragment));
    }

    private static JsonObject chunk(String id, long created, String modelId, JsonObject delta, String finishReason,
            JsonObject usage) {
        JsonObject choice = new JsonObject().put("delta", delta).put("finish_reason", finishReason).put("index", 0)
                .put("logprobs", null);
        return new JsonObject().put("choices", new JsonArray().add(choice)).put("created", created).put("id", id)
                .put("model", modelId).put("object", "chat.completion.chunk").put("usage", usage);
    }

    private static JsonObject increment(int prompt, int completion) {
        return new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    private static JsonObject chatObject(String modelId, String object) {
        return new JsonObject().put("id", UUID.randomUUID().toString().replace("-", ""))
                .put("object", object).put("created", Instant.now().getEpochSecond()).put("model", modelId);
    }

    /** Random-length padding against token-length side channels; deterministic here so runs repeat. */
    private static void padAll(List<JsonObject> frames) {
        for (int i = 0; i < frames.size(); i++) {
            int length = 1 + (i * 7 + 3) % PADDING.length();
            frames.get(i).put("p", PADDING.substring(0, length));
        }
    }

    private void stream(Vertx vertx, HttpServerResponse response, List<JsonObject> frames, Directives directives) {
        streamsStarted.incrementAndGet();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        Integer streamError = directives.number("stream-error");
        boolean cut = directives.has("truncate") || streamError != null;
        List<JsonObject> sent = cut ? new ArrayList<>(frames.subList(0, Math.max(1, frames.size() / 2))) : frames;
        if (streamError != null) {
            EmulatedError error = EmulatedError.of(streamError);
            sent.add(new JsonObject().put("success", false)
                    .put("errors", new JsonArray().add(error(error.code(), error.message()))));
        }
        Integer delay = directives.number("delay");
        long interval = delay != null ? delay : tokenInterval.toMillis();
        AtomicBoolean finished = new AtomicBoolean();
        response.closeHandler(v -> {
            if (finished.compareAndSet(false, true)) {
                streamsCancelled.incrementAndGet();
            }
        });
        FrameWriter writer = new FrameWriter(vertx, response, sent, !cut, interval, finished);
        Integer firstDelay = directives.number("first-delay");
        if (firstDelay != null && firstDelay > 0) {
            vertx.setTimer(firstDelay, t -> writer.next(0));
        } else {
            writer.next(0);
        }
    }

    /** Writes frames one by one, paced by a timer, and stops as soon as the client has gone. */
    private final class FrameWriter {
        private final Vertx vertx;
        private final HttpServerResponse response;
        private final List<JsonObject> frames;
        private final boolean done;
        private final long interval;
        private final AtomicBoolean finished;

        FrameWriter(Vertx vertx, HttpServerResponse response, List<JsonObject> frames, boolean done, long interval,
                AtomicBoolean finished) {
            this.vertx = vertx;
            this.response = response;
            this.frames = frames;
            this.done = done;
            this.interval = interval;
            this.finished = finished;
        }

        void next(int index) {
            int i = index;
            while (!finished.get() && i < frames.size()) {
                response.write("data: " + frames.get(i).encode() + "\n\n");
                i++;
                if (interval > 0 && i < frames.size()) {
                    int resumeAt = i;
                    vertx.setTimer(interval, t -> next(resumeAt));
                    return;
                }
            }
            if (i == frames.size() && finished.compareAndSet(false, true)) {
                response.end(done ? "data: [DONE]\n\n" : "");
                streamsCompleted.incrementAndGet();
            }
        }
    }

    /** {@code seen}: how the request came (route, request id, AI Gateway headers), for tests to check. */
    private void remember(String model, JsonObject body, JsonObject seen) {
        recent.addFirst(seen.copy().put("model", model).put("body", body));
        while (recent.size() > REMEMBERED_REQUESTS) {
            recent.pollLast();
        }
    }

    private static void fail(HttpServerResponse response, EmulatedError error) {
        if (error.plainText()) {
            response.setStatusCode(error.status()).putHeader("Content-Type", "text/plain").end(error.message());
            return;
        }
        failWith(response, error.status(), new JsonArray().add(error(error.code(), error.message())));
    }

    private static void failWith(HttpServerResponse response, int status, JsonArray errors) {
        json(response, status, envelope(null, false).put("errors", errors));
    }

    /** The v4 envelope; {@code result} is an object for {@code /ai/run} and an array for searches. */
    private static JsonObject envelope(Object result, boolean success) {
        return new JsonObject().put("result", result).put("success", success).put("errors", new JsonArray())
                .put("messages", new JsonArray());
    }

    private static JsonObject error(int code, String message) {
        return new JsonObject().put("code", code).put("message", message);
    }

    private static void json(HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

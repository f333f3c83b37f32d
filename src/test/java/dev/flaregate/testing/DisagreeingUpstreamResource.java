package dev.flaregate.testing;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A Workers AI whose catalogue disagrees with the gateway's built-in list, and whose models refuse fields the way
 * Workers AI does: the emulator serves the built-in facts, so it cannot show either.
 * <ul>
 * <li>{@link #CALLS_TOOLS} is listed with function calling, which the built-in list does not mark, and answers a
 * request offering tools with a call of the first one;</li>
 * <li>{@link #REFUSES} lists no flags, and answers {@code tools} or {@code response_format} with Workers AI's 5006
 * naming the field;</li>
 * <li>{@link #DENIED} is listed with function calling stated false, and answers nothing but 5007;</li>
 * <li>{@link #ABLE} is listed with function calling, to be suggested.</li>
 * </ul>
 */
public class DisagreeingUpstreamResource implements QuarkusTestResourceLifecycleManager {

    public static final String CALLS_TOOLS = "@cf/meta/llama-3.2-1b-instruct";
    public static final String REFUSES = "@cf/meta/llama-3.2-3b-instruct";
    public static final String DENIED = "@cf/meta/llama-4-scout-17b-16e-instruct";
    public static final String ABLE = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
    private static final String ACCOUNT = "disagreeing-account";
    private static final String RUN = "/ai/run/";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/client/v4/accounts/" + ACCOUNT + "/ai/models/search").handler(ctx -> reply(ctx, 200,
                envelope("1".equals(ctx.request().getParam("page")) ? catalogue() : new JsonArray())));
        router.post("/client/v4/accounts/" + ACCOUNT + "/ai/run/*").handler(this::run);
        try {
            int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
            return Map.of("cloudflare.account-id", ACCOUNT, "cloudflare.api-token", "disagreeing-token",
                    "flaregate.workers-ai.url", "http://127.0.0.1:" + port + "/client/v4");
        } catch (Exception e) {
            throw new IllegalStateException("The disagreeing upstream did not start", e);
        }
    }

    private static JsonArray catalogue() {
        return new JsonArray()
                .add(entry(CALLS_TOOLS, "true"))
                .add(entry(REFUSES, null))
                .add(entry(DENIED, "false"))
                .add(entry(ABLE, "true"));
    }

    private static JsonObject entry(String name, String functionCalling) {
        JsonArray properties = new JsonArray();
        if (functionCalling != null) {
            properties.add(new JsonObject().put("property_id", "function_calling").put("value", functionCalling));
        }
        return new JsonObject().put("name", name).put("task", new JsonObject().put("name", "Text Generation"))
                .put("properties", properties);
    }

    private void run(RoutingContext ctx) {
        String path = ctx.request().path();
        String model = path.substring(path.indexOf(RUN) + RUN.length());
        JsonObject body = ctx.body().asJsonObject();
        JsonArray tools = body.getJsonArray("tools");
        JsonObject usage = new JsonObject().put("prompt_tokens", 5).put("completion_tokens", 2)
                .put("total_tokens", 7);
        if (model.equals(CALLS_TOOLS) && tools != null) {
            String name = tools.getJsonObject(0).getJsonObject("function").getString("name");
            reply(ctx, 200, envelope(new JsonObject().putNull("response").put("usage", usage).put("tool_calls",
                    new JsonArray().add(new JsonObject().put("name", name).put("arguments", new JsonObject())))));
        } else if (model.equals(REFUSES) && (tools != null || body.containsKey("response_format"))) {
            String field = tools != null ? "tools" : "response_format";
            reply(ctx, 400, failure(5006, "AiError: Bad input: Additional or unevaluated properties '/" + field
                    + "' at '/' not allowed"));
        } else if (model.equals(CALLS_TOOLS) || model.equals(REFUSES)) {
            reply(ctx, 200, envelope(new JsonObject().put("response", "ok").put("usage", usage)));
        } else {
            reply(ctx, 400, failure(5007, "No such model " + model + " or task"));
        }
    }

    private static JsonObject envelope(Object result) {
        return new JsonObject().put("result", result).put("success", true).put("errors", new JsonArray())
                .put("messages", new JsonArray());
    }

    private static JsonObject failure(int code, String message) {
        return new JsonObject().putNull("result").put("success", false).put("messages", new JsonArray())
                .put("errors", new JsonArray().add(new JsonObject().put("code", code).put("message", message)));
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}

package dev.flaregate.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

/** The emulator on its own, checked against the wire format Workers AI is documented and observed to use. */
class WorkersAiEmulatorTest {

    private static final String ACCOUNT = "acct";
    private static final String TOKEN = "tok";
    private static final String LLAMA = "@cf/meta/llama-3.1-8b-instruct";
    private static Vertx vertx;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        int port = new WorkersAiEmulator(ACCOUNT, TOKEN, Duration.ZERO)
                .listen(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        base = "http://127.0.0.1:" + port + "/client/v4/accounts/";
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    private static ValidatableResponse run(String model, String body) {
        return authorized().body(body).post(base + ACCOUNT + "/ai/run/" + model).then();
    }

    private static String user(String text, String extra) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]" + extra + "}";
    }

    @Test
    void classicAnswerIsEnvelopedWithUsage() {
        run(LLAMA, user("hi there", ""))
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("cf-ai-req-id", matchesPattern("[0-9a-f-]{36}"))
                .body("success", equalTo(true))
                .body("errors", hasSize(0))
                .body("messages", hasSize(0))
                .body("result.response", equalTo("You said: hi there"))
                .body("result.usage.prompt_tokens", equalTo(6))
                .body("result.usage.completion_tokens", equalTo(4))
                .body("result.usage.total_tokens", equalTo(10));
    }

    @Test
    void withoutMaxTokensAnswersStopAt256LikeWorkersAi() {
        String words = "w ".repeat(300).strip();
        run(LLAMA, user(words, "")).statusCode(200).body("result.usage.completion_tokens", equalTo(256));
    }

    @Test
    void chatShapedModelsAnswerWithAChatCompletionObject() {
        run("@cf/qwen/qwen3-30b-a3b-fp8", user("hi", ",\"max_tokens\":1"))
                .statusCode(200)
                .body("result.object", equalTo("chat.completion"))
                .body("result.id", matchesPattern("[0-9a-f]{32}"))
                .body("result.choices[0].message.content", equalTo("You"))
                .body("result.choices[0].message.reasoning_content", notNullValue())
                .body("result.choices[0].finish_reason", equalTo("length"))
                .body("result.usage.prompt_tokens_details.cached_tokens", equalTo(0));
    }

    @Test
    void classicStreamHasPaddingEmptyFramesTheUsageFrameAndDone() {
        String sse = run(LLAMA, user("a b", ",\"stream\":true")).statusCode(200)
                .contentType(startsWith("text/event-stream")).extract().asString();
        String[] events = sse.split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        List<JsonPath> frames = frames(events);
        assertEquals("", frames.get(0).getString("response"));
        assertEquals(List.of("You", " said:", " a", " b"),
                frames.subList(1, 5).stream().map(f -> f.getString("response")).toList());
        frames.subList(0, frames.size() - 1).forEach(f -> {
            assertTrue(f.getString("p").length() > 0, "every frame but the last is padded");
            assertEquals(List.of(), f.getList("tool_calls"));
        });
        JsonPath paddingOnly = frames.get(frames.size() - 2);
        assertTrue(!paddingOnly.getMap("").containsKey("response"), "a frame may lack response entirely");
        JsonPath usage = frames.get(frames.size() - 1);
        assertEquals("", usage.getString("response"));
        assertEquals(4, usage.getInt("usage.completion_tokens"));
    }

    @Test
    void chatShapedStreamCarriesIncrementsThenTheTotal() {
        String sse = run("@cf/qwen/qwen3-30b-a3b-fp8", user("a b", ",\"stream\":true")).statusCode(200)
                .extract().asString();
        List<JsonPath> frames = frames(sse.split("\n\n"));
        int incremental = 0;
        for (JsonPath frame : frames.subList(0, frames.size() - 1)) {
            assertEquals("chat.completion.chunk", frame.getString("object"));
            incremental += frame.getInt("usage.total_tokens");
        }
        JsonPath total = frames.get(frames.size() - 1);
        assertEquals(incremental, total.getInt("usage.total_tokens"), "increments add up to the closing total");
        assertEquals("assistant", frames.get(0).getString("choices[0].delta.role"));
        assertEquals("stop", frames.get(frames.size() - 3).getString("choices[0].finish_reason"));
        assertEquals(List.of(), frames.get(frames.size() - 2).getList("choices"));
    }

    @Test
    void aWrongTokenIs401With10000() {
        given().header("Authorization", "Bearer nope").contentType(ContentType.JSON).body(user("x", ""))
                .post(base + ACCOUNT + "/ai/run/" + LLAMA).then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("result", nullValue())
                .body("errors[0].code", equalTo(10000))
                .body("errors[0].message", equalTo("Authentication error"));
    }

    @Test
    void anotherAccountCannotBeRouted() {
        authorized().body(user("x", "")).post(base + "other/ai/run/" + LLAMA).then()
                .statusCode(400)
                .body("errors[0].code", equalTo(7003))
                .body("errors[1].code", equalTo(7000));
    }

    @Test
    void unknownModelIs5007() {
        run("@cf/nobody/nothing", user("x", "")).statusCode(400)
                .body("errors[0].code", equalTo(5007))
                .body("errors[0].message", equalTo("No such model @cf/nobody/nothing or task"));
    }

    @Test
    void schemaViolationsAre5006() {
        String parts = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}]}";
        run(LLAMA, parts).statusCode(400).body("errors[0].code", equalTo(5006))
                .body("errors[0].message", equalTo("AiError: Bad input: Error: oneOf at '/' not met, 0 matches: "
                        + "required properties at '/' are 'prompt', Type mismatch of '/messages/0/content', 'array' "
                        + "not in 'string'"));
        run("@cf/meta/llama-4-scout-17b-16e-instruct", parts).statusCode(200);
        run(LLAMA, "{\"prompt\":\"x\",\"messages\":[]}").statusCode(400).body("errors[0].code", equalTo(5006));
        run(LLAMA, user("x", ",\"frequency_penalty\":-1")).statusCode(400)
                .body("errors[0].message", equalTo("AiError: Bad input: '/frequency_penalty' must be >= 0"));
        run("@cf/meta/llama-3.3-70b-instruct-fp8-fast", user("x", ",\"frequency_penalty\":-1")).statusCode(200);
        run(LLAMA, user("x", ",\"seed\":0")).statusCode(400).body("errors[0].code", equalTo(5006));
        run(LLAMA, user("x", ",\"stop\":[\"a\"]")).statusCode(400)
                .body("errors[0].message", equalTo("AiError: Bad input: Additional or unevaluated properties "
                        + "'/stop' at '/' not allowed"));
        run("@cf/baai/bge-small-en-v1.5", user("x", "")).statusCode(400).body("errors[0].code", equalTo(5006));
    }

    @Test
    void aPromptLongerThanTheContextWindowIs3030() {
        run(LLAMA, user("w ".repeat(8000).strip(), "")).statusCode(400)
                .body("errors[0].code", equalTo(3030))
                .body("errors[0].message", startsWith("AiError: AiError: Max context reached 8004 tokens but model "
                        + "supports only 7968 ("));
    }

    @Test
    void rateAndQuotaErrorsUseWorkersAisStatusesAndCodes() {
        run(LLAMA, user("x [emulate:error=3040]", "")).statusCode(429).body("errors[0].code", equalTo(3040))
                .body("errors[0].message", equalTo("Capacity temporarily exceeded, please try again."));
        run(LLAMA, user("x [emulate:error=3036]", "")).statusCode(429).body("errors[0].code", equalTo(3036));
        String edge = run(LLAMA, user("x [emulate:error=1015]", "")).statusCode(429)
                .contentType(startsWith("text/plain")).extract().asString();
        assertEquals("error code: 1015", edge);
    }

    @Test
    void aTruncatedStreamHasNoDone() {
        String sse = run(LLAMA, user("a b c d [emulate:truncate]", ",\"stream\":true")).statusCode(200)
                .extract().asString();
        assertTrue(!sse.contains("[DONE]") && sse.startsWith("data: {"), sse);
    }

    private static List<JsonPath> frames(String[] events) {
        return java.util.Arrays.stream(events)
                .map(e -> e.substring("data: ".length()))
                .filter(d -> !d.equals("[DONE]"))
                .map(JsonPath::from)
                .toList();
    }
}

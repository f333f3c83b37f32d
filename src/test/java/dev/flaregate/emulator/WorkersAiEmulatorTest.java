package dev.flaregate.emulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flaregate.models.WorkersAiModel;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The emulator on its own, checked against the wire format Workers AI is documented and observed to use. */
class WorkersAiEmulatorTest {

    private static final String ACCOUNT = "acct";
    private static final String TOKEN = "tok";
    private static final String LLAMA = "@cf/meta/llama-3.1-8b-instruct";
    private static final String BGE_SMALL = "@cf/baai/bge-small-en-v1.5";
    private static final String BGE_M3 = "@cf/baai/bge-m3";
    private static final String QWEN3_EMBEDDING = "@cf/qwen/qwen3-embedding-0.6b";
    private static Vertx vertx;
    private static String root;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        int port = new WorkersAiEmulator(ACCOUNT, TOKEN, Duration.ZERO)
                .listen(vertx, "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
        root = "http://127.0.0.1:" + port;
        base = root + "/client/v4/accounts/";
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
        String image = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"%s\"}}]}]}";
        run("@cf/meta/llama-4-scout-17b-16e-instruct", image.formatted("data:image/png;base64,AAAA")).statusCode(200);
        run("@cf/meta/llama-4-scout-17b-16e-instruct", image.formatted("https://example.com/cat.png")).statusCode(400)
                .body("errors[0].code", equalTo(5006))
                .body("errors[0].message", containsString("HTTP URL will not be accepted"));
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

    private static String texts(List<String> texts) {
        return new JsonObject().put("text", new JsonArray(new ArrayList<>(texts))).encode();
    }

    private static List<String> numbered(int count) {
        return IntStream.range(0, count).mapToObj(i -> "text " + i).toList();
    }

    /** The vectors of a successful embeddings call, read as doubles whatever the JSON number looks like. */
    private static List<double[]> vectors(String model, String body) {
        JsonArray data = new JsonObject(run(model, body).statusCode(200).extract().asString())
                .getJsonObject("result").getJsonArray("data");
        return data.stream().map(v -> ((JsonArray) v).stream().mapToDouble(c -> ((Number) c).doubleValue())
                .toArray()).toList();
    }

    private static double[] vector(String model, String body) {
        return vectors(model, body).get(0);
    }

    private static void assertBadInput(ValidatableResponse response, String detail) {
        response.statusCode(400)
                .body("success", equalTo(false))
                .body("errors[0].code", equalTo(5006))
                .body("errors[0].message", equalTo("AiError: Bad input: " + detail));
    }

    @ParameterizedTest
    @CsvSource({ "@cf/baai/bge-small-en-v1.5, 384", "@cf/baai/bge-base-en-v1.5, 768",
            "@cf/baai/bge-large-en-v1.5, 1024" })
    void embeddingsHaveTheModelsShapeAndReportTheirPooling(String model, int dimensions) {
        run(model, texts(List.of("a", "b", "c")))
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("success", equalTo(true))
                .body("errors", hasSize(0))
                .body("messages", hasSize(0))
                .body("result.shape", equalTo(List.of(3, dimensions)))
                .body("result.data", hasSize(3))
                .body("result.data[2]", hasSize(dimensions))
                .body("result.pooling", equalTo("mean"))
                .body("result.usage", nullValue());
    }

    @Test
    void aLoneStringIsABatchOfOne() {
        run(BGE_SMALL, "{\"text\":\"hello\"}").statusCode(200)
                .body("result.shape", equalTo(List.of(1, 384)))
                .body("result.data", hasSize(1));
    }

    @Test
    void vectorsDependOnTextModelAndPoolingOnly() {
        double[] hello = vector(BGE_SMALL, "{\"text\":\"hello\"}");
        assertArrayEquals(hello, vector(BGE_SMALL, "{\"text\":\"hello\"}"), "same request, same vector");
        assertArrayEquals(hello, vectors(BGE_SMALL, texts(List.of("other", "hello"))).get(1),
                "a text's vector does not depend on its batch");
        assertFalse(Arrays.equals(hello, vector(BGE_SMALL, "{\"text\":\"hello!\"}")));
        double[] cls = vector(BGE_SMALL, "{\"text\":\"hello\",\"pooling\":\"cls\"}");
        assertFalse(Arrays.equals(hello, cls), "cls and mean vectors differ");
        assertArrayEquals(hello, vector(BGE_SMALL, "{\"text\":\"hello\",\"pooling\":\"mean\"}"), "mean is the default");
        assertFalse(Arrays.equals(vector("@cf/baai/bge-base-en-v1.5", "{\"text\":\"hello\"}"),
                vector("@cf/google/embeddinggemma-300m", "{\"text\":\"hello\"}")), "models of one size differ");
    }

    @Test
    void vectorsAreUnitLengthWithoutZeroComponents() {
        for (String model : List.of(BGE_SMALL, "@cf/baai/bge-large-en-v1.5", "@cf/pfnet/plamo-embedding-1b")) {
            for (double[] v : vectors(model, texts(numbered(20)))) {
                double norm = Math.sqrt(Arrays.stream(v).map(c -> c * c).sum());
                assertEquals(1, norm, 1e-4, model);
                assertTrue(Arrays.stream(v).allMatch(c -> c != 0 && Double.isFinite(c)), model);
            }
        }
    }

    @Test
    void theBatchLimitIsTheModels() {
        run(BGE_SMALL, texts(numbered(100))).statusCode(200).body("result.shape", equalTo(List.of(100, 384)));
        assertBadInput(run(BGE_SMALL, texts(numbered(101))), "Error: '/text' must NOT have more than 100 items");
        run(QWEN3_EMBEDDING, texts(numbered(32))).statusCode(200).body("result.shape", equalTo(List.of(32, 1024)));
        assertBadInput(run(QWEN3_EMBEDDING, texts(numbered(33))), "Error: '/text' must NOT have more than 32 items");
    }

    @Test
    void qwen3EmbeddingReportsUsageAndNoPooling() {
        run(QWEN3_EMBEDDING, "{\"text\":[\"one two\",\"three\"],\"instruction\":\"Find it\"}").statusCode(200)
                .body("result.pooling", nullValue())
                .body("result.usage.prompt_tokens", equalTo(3))
                .body("result.usage.completion_tokens", equalTo(0))
                .body("result.usage.total_tokens", equalTo(3));
    }

    @Test
    void poolingIsOnlyForModelsThatTakeIt() {
        run(BGE_SMALL, "{\"text\":\"x\",\"pooling\":\"cls\"}").statusCode(200).body("result.pooling", equalTo("cls"));
        assertBadInput(run(BGE_SMALL, "{\"text\":\"x\",\"pooling\":\"max\"}"),
                "Error: '/pooling' must be equal to one of the allowed values: mean, cls");
        assertBadInput(run(BGE_M3, "{\"text\":\"x\",\"pooling\":\"cls\"}"),
                "Additional or unevaluated properties '/pooling' at '/' not allowed");
        run(BGE_M3, "{\"text\":\"x\"}").statusCode(200).body("result.pooling", equalTo("cls"));
        run("@cf/google/embeddinggemma-300m", "{\"text\":\"x\"}").statusCode(200).body("result.pooling", nullValue());
    }

    @Test
    void embeddingInputViolationsAre5006NamingThePointer() {
        assertBadInput(run(BGE_SMALL, "{\"text\":\"\"}"), "Error: '/text' must NOT have fewer than 1 characters");
        assertBadInput(run(BGE_SMALL, texts(List.of("a", ""))),
                "Error: '/text/1' must NOT have fewer than 1 characters");
        assertBadInput(run(BGE_SMALL, "{\"text\":[\"a\",3]}"), "Type mismatch of '/text/1', 'number' not in 'string'");
        assertBadInput(run(BGE_SMALL, "{\"text\":3}"), "Error: oneOf at '/text' not met, 0 matches: Type mismatch "
                + "of '/text', 'number' not in 'string', Type mismatch of '/text', 'number' not in 'array'");
        assertBadInput(run(BGE_SMALL, "{}"), "required properties at '/' are 'text'");
        assertBadInput(run(BGE_SMALL, "{\"text\":\"x\",\"input\":\"x\",\"model\":\"m\"}"),
                "Additional or unevaluated properties '/input, /model' at '/' not allowed");
        assertBadInput(run(BGE_SMALL, "{\"text\":\"x\",\"truncate_inputs\":true}"),
                "Additional or unevaluated properties '/truncate_inputs' at '/' not allowed");
        assertBadInput(run(BGE_M3, "{\"text\":\"x\",\"truncate_inputs\":\"yes\"}"),
                "Type mismatch of '/truncate_inputs', 'string' not in 'boolean'");
        assertBadInput(run(QWEN3_EMBEDDING, "{\"text\":\"x\",\"instruction\":1}"),
                "Type mismatch of '/instruction', 'number' not in 'string'");
    }

    @Test
    void aTextLongerThanTheWindowIs3030UnlessTruncated() {
        run(BGE_SMALL, texts(List.of("short", "w ".repeat(513).strip()))).statusCode(400)
                .body("errors[0].code", equalTo(3030))
                .body("errors[0].message", startsWith("AiError: AiError: Sequence too long: 513 > 512 ("));
        String tooLong = "w ".repeat(8193).strip();
        run(BGE_M3, texts(List.of(tooLong))).statusCode(400).body("errors[0].code", equalTo(3030));
        run(BGE_M3, "{\"text\":\"" + tooLong + "\",\"truncate_inputs\":true}").statusCode(200);
    }

    @Test
    void embeddingsActOutDirectivesInAnyText() {
        run(BGE_SMALL, texts(List.of("fine", "x [emulate:error=3040]"))).statusCode(429)
                .body("errors[0].code", equalTo(3040))
                .body("errors[0].message", equalTo("Capacity temporarily exceeded, please try again."));
        run(QWEN3_EMBEDDING, "{\"text\":\"x [emulate:success-false=3036]\"}").statusCode(200)
                .body("success", equalTo(false)).body("errors[0].code", equalTo(3036));
        long start = System.nanoTime();
        run(BGE_SMALL, "{\"text\":\"x [emulate:delay=300]\"}").statusCode(200);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "answered after the delay");
    }

    @Test
    void embeddingRequestsAreRemembered() {
        run(BGE_SMALL, "{\"text\":[\"remember me\"],\"pooling\":\"cls\"}").statusCode(200);
        given().get(root + "/__emulator/requests").then().statusCode(200)
                .body("requests[0].model", equalTo(BGE_SMALL))
                .body("requests[0].body.text", equalTo(List.of("remember me")))
                .body("requests[0].body.pooling", equalTo("cls"));
    }

    private static ValidatableResponse search(String query) {
        return authorized().get(base + ACCOUNT + "/ai/models/search" + query).then();
    }

    @Test
    void theCatalogueIsPagedInCloudflaresFormat() {
        int total = EmulatedCatalogue.all().size();
        search("?page=1&per_page=10").statusCode(200)
                .contentType(ContentType.JSON)
                .body("success", equalTo(true))
                .body("errors", hasSize(0))
                .body("messages", hasSize(0))
                .body("result", hasSize(10))
                .body("result_info.page", equalTo(1))
                .body("result_info.per_page", equalTo(10))
                .body("result_info.count", equalTo(10))
                .body("result_info.total_count", equalTo(total));
        search("").statusCode(200)
                .body("result_info.per_page", equalTo(50))
                .body("result", hasSize(Math.min(50, total)));
        search("?per_page=1000").statusCode(200).body("result_info.per_page", equalTo(100));
    }

    @Test
    void walkingThePagesListsEveryModelOnce() {
        List<Map<String, Object>> seen = new ArrayList<>();
        for (int page = 1; ; page++) {
            List<Map<String, Object>> models = search("?per_page=10&page=" + page).statusCode(200)
                    .extract().jsonPath().getList("result");
            seen.addAll(models);
            if (models.size() < 10) {
                break;
            }
        }
        assertEquals(EmulatedCatalogue.all().stream().map(WorkersAiModel::id).toList(),
                seen.stream().map(m -> (String) m.get("name")).toList());
        List<String> ids = seen.stream().map(m -> (String) m.get("id")).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), "ids are unique");
        ids.forEach(id -> assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), id));
    }

    @Test
    void catalogueEntriesCarryTaskAndPropertiesWithPrices() {
        JsonPath plamo = search("?task=Text Embeddings").statusCode(200).extract().jsonPath();
        assertEquals(Collections.nCopies(7, "Text Embeddings"), plamo.getList("result.task.name"),
                "the task filter keeps the seven embedding models");
        String at = "result.find { it.name == '@cf/pfnet/plamo-embedding-1b' }";
        assertEquals("0137cdcf-162a-4108-94f2-1ca59e8c65ee", plamo.getString(at + ".task.id"));
        assertEquals(1, plamo.getInt(at + ".source"));
        assertEquals("2026-08-22 00:00:00.000", plamo.getString(at + ".created_at"));
        assertEquals(List.of(), plamo.getList(at + ".tags"));
        assertEquals(List.of(Map.of("property_id", "output_dimensions", "value", "2048")),
                plamo.getList(at + ".properties"));

        JsonPath all = search("").statusCode(200).extract().jsonPath();
        String gptOss = "result.find { it.name == '@cf/openai/gpt-oss-120b' }";
        assertEquals("c329a1f9-323d-4e91-b2aa-582dd4188d34", all.getString(gptOss + ".task.id"));
        assertEquals("Text Generation", all.getString(gptOss + ".task.name"));
        assertEquals(List.of(Map.of("property_id", "context_window", "value", "128000"),
                Map.of("property_id", "function_calling", "value", "true"),
                Map.of("property_id", "reasoning", "value", "true")),
                all.getList(gptOss + ".properties.findAll { it.property_id != 'price' }"));
        String rates = gptOss + ".properties.find { it.property_id == 'price' }.value";
        assertEquals(List.of("per M input tokens", "per M output tokens"), all.getList(rates + ".unit"));
        assertEquals(List.of("USD", "USD"), all.getList(rates + ".currency"));
        assertEquals(0.35, all.getDouble(rates + "[0].price"), 1e-5, "dollars, as Cloudflare states them");
        assertEquals(0.75, all.getDouble(rates + "[1].price"), 1e-5);
        assertEquals(List.of(Map.of("property_id", "context_window", "value", "128000"),
                Map.of("property_id", "vision", "value", "true")),
                all.getList("result.find { it.name == '@cf/meta/llama-3.2-11b-vision-instruct' }.properties"));
        assertEquals(all.getString(gptOss + ".id"), search("").extract().jsonPath().getString(gptOss + ".id"),
                "ids are stable");
    }

    @Test
    void theCatalogueNeedsTheTokenAndTheAccount() {
        given().header("Authorization", "Bearer nope").get(base + ACCOUNT + "/ai/models/search").then()
                .statusCode(401)
                .body("success", equalTo(false))
                .body("result", nullValue())
                .body("errors[0].code", equalTo(10000))
                .body("errors[0].message", equalTo("Authentication error"));
        authorized().get(base + "other/ai/models/search").then()
                .statusCode(400)
                .body("errors[0].code", equalTo(7003))
                .body("errors[1].code", equalTo(7000));
    }

    private static List<JsonPath> frames(String[] events) {
        return Arrays.stream(events)
                .map(e -> e.substring("data: ".length()))
                .filter(d -> !d.equals("[DONE]"))
                .map(JsonPath::from)
                .toList();
    }
}

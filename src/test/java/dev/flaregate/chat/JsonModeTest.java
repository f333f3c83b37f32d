package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.QWEN3;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/** response_format over HTTP: both upstream shapes, and a JSON-mode stream Workers AI cannot stream itself. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class JsonModeTest {

    private static final String SCHEMA = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
            + "\"name\":\"country\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{"
            + "\"name\":{\"type\":\"string\"},\"population\":{\"type\":\"integer\"}},\"required\":[\"name\"]}}}";

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void classicModelsGetTheBareSchemaAndTheirObjectComesBackAsJsonText() {
        String content = post(body(LLAMA, "json-classic", SCHEMA)).statusCode(200)
                .body("choices[0].finish_reason", equalTo("stop"))
                .extract().jsonPath().getString("choices[0].message.content");
        JsonPath answer = JsonPath.from(content);
        assertEquals("You said: json-classic", answer.getString("name"));
        assertEquals(42, answer.getInt("population"));
        Map<String, Object> sent = emulator.lastBodyContaining("json-classic");
        assertEquals("object", JsonPath.from(new JsonObject(sent).encode())
                .getString("response_format.json_schema.type"), "the bare schema");
    }

    @Test
    void chatShapedModelsGetOpenAisWrapper() {
        String content = post(body(QWEN3, "json-chat", SCHEMA)).statusCode(200).extract().jsonPath()
                .getString("choices[0].message.content");
        assertEquals(42, JsonPath.from(content).getInt("population"));
        JsonPath sent = JsonPath.from(new JsonObject(emulator.lastBodyContaining("json-chat"))
                .encode());
        assertEquals("country", sent.getString("response_format.json_schema.name"));
    }

    @Test
    void jsonObjectModeAnswersAnObject() {
        String content = post(body(LLAMA, "json-object", "\"response_format\":{\"type\":\"json_object\"}"))
                .statusCode(200).extract().jsonPath().getString("choices[0].message.content");
        assertEquals("You said: json-object", JsonPath.from(content).getString("message"));
    }

    @Test
    void aJsonModeStreamIsServedFromOneCallAsProperChunks() {
        HttpResponse<String> response = RawHttp.post(chat, body(LLAMA, "json-stream", SCHEMA
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"), null);
        assertEquals(200, response.statusCode(), response.body());
        List<JsonPath> chunks = ChatStreamingTest.chunks(response.body());
        assertEquals("assistant", chunks.get(0).getString("choices[0].delta.role"));
        StringBuilder content = new StringBuilder();
        chunks.stream().filter(c -> !c.getList("choices").isEmpty())
                .forEach(c -> content.append(c.getString("choices[0].delta.content") == null ? ""
                        : c.getString("choices[0].delta.content")));
        assertEquals("You said: json-stream", JsonPath.from(content.toString()).getString("name"));
        assertEquals("stop", chunks.get(chunks.size() - 2).getString("choices[0].finish_reason"));
        assertTrue(chunks.get(chunks.size() - 1).getInt("usage.total_tokens") > 0);
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        assertFalse(emulator.lastBodyContaining("json-stream").containsKey("stream"),
                "Workers AI was asked for a whole answer, which it can give in JSON mode");
        List<String> writes = RawHttp.postForChunks(chat, body(LLAMA, "json-stream", SCHEMA
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        // A whole answer is known at once: all of its chunks leave in one write.
        assertEquals(2, writes.size(), String.join("|", writes));
        assertEquals(chunks.size(), ChatStreamingTest.chunks(writes.get(0)).size(), writes.get(0));
        assertEquals("data: [DONE]\n\n", writes.get(1));
    }

    @Test
    void jsonModeIsForwardedToAnyModelAndMalformedFormatsAre400s() {
        String jsonObject = "\"response_format\":{\"type\":\"json_object\"}";
        post(body("@cf/meta/llama-3.2-1b-instruct", "unlisted-json", jsonObject)).statusCode(200);
        assertEquals(Map.of("type", "json_object"),
                emulator.lastBodyContaining("unlisted-json").get("response_format"), "Workers AI decides");
        post(body(LLAMA, "x", "\"response_format\":{\"type\":\"xml\"}"))
                .statusCode(400).body("error.param", equalTo("response_format.type"));
        post(body(LLAMA, "x", "\"response_format\":{\"type\":\"json_schema\"}"))
                .statusCode(400).body("error.param", equalTo("response_format.json_schema"));
        post(body(LLAMA, "plain-text", "\"response_format\":{\"type\":\"text\"}")).statusCode(200)
                .body("choices[0].message.content", equalTo("You said: plain-text"));
    }
}

package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.QWEN3;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
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

/** Function calling, streamed and not, for both upstream shapes, over HTTP against the emulator. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ToolsTest {

    private static final String SCOUT = "@cf/meta/llama-4-scout-17b-16e-instruct";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather for a place\",\"parameters\":{\"type\":\"object\",\"properties\":{"
            + "\"location\":{\"type\":\"string\",\"description\":\"City\"},\"days\":{\"type\":\"integer\","
            + "\"description\":\"Days ahead\"}},\"required\":[\"location\"]}}},{\"type\":\"function\",\"function\":{"
            + "\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{\"zone\":{"
            + "\"type\":\"string\",\"description\":\"Zone\"}}}}}]";

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void aClassicModelsCallBecomesAnOpenAiToolCall() {
        JsonPath reply = post(body(SCOUT, "classic-tools weather in Paris please", TOOLS)).statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", nullValue())
                .body("choices[0].message.tool_calls[0].id", matchesPattern("call_[A-Za-z0-9]{24}"))
                .body("choices[0].message.tool_calls[0].type", equalTo("function"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"))
                .extract().jsonPath();
        JsonPath arguments = JsonPath.from(reply.getString("choices[0].message.tool_calls[0].function.arguments"));
        assertEquals("classic-tools weather in Paris please", arguments.getString("location"));
        assertEquals(42, arguments.getInt("days"));
        assertTrue(reply.getMap("choices[0].message").containsKey("content"), "content is present, as null");
    }

    @Test
    void aChatShapedModelsCallKeepsItsIdAndTheNamedTool() {
        post(body(QWEN3, "chat-tools what time is it? get_time", TOOLS)).statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.tool_calls[0].id", startsWith("chatcmpl-tool-"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_time"));
        Map<String, Object> sent = emulator.lastBodyContaining("chat-tools");
        assertEquals(2, ((List<?>) sent.get("tools")).size());
    }

    @Test
    void streamedToolCallsArriveAsOpenAiDeltasForBothShapes() {
        for (String model : new String[] {SCOUT, QWEN3}) {
            String prompt = "streamed-tools weather in Rome";
            JsonPath whole = post(body(model, prompt, TOOLS)).statusCode(200).extract().jsonPath();
            String sse = RawHttp.post(chat, body(model, prompt, TOOLS + ",\"stream\":true"), null).body();
            List<JsonPath> chunks = ChatStreamingTest.chunks(sse);
            StringBuilder arguments = new StringBuilder();
            JsonPath first = null;
            int finishes = 0;
            for (JsonPath chunk : chunks) {
                if (chunk.get("choices[0].delta.tool_calls") != null) {
                    assertEquals(0, chunk.getInt("choices[0].delta.tool_calls[0].index"), sse);
                    first = first == null ? chunk : first;
                    String piece = chunk.getString("choices[0].delta.tool_calls[0].function.arguments");
                    arguments.append(piece == null ? "" : piece);
                }
                finishes += chunk.getString("choices[0].finish_reason") == null ? 0 : 1;
            }
            assertTrue(first != null, model + ": no tool call delta in " + sse);
            assertTrue(first.getString("choices[0].delta.tool_calls[0].id").length() > 0, sse);
            assertEquals("function", first.getString("choices[0].delta.tool_calls[0].type"));
            assertEquals("get_weather", first.getString("choices[0].delta.tool_calls[0].function.name"));
            assertEquals(JsonPath.from(whole.getString("choices[0].message.tool_calls[0].function.arguments"))
                    .getMap(""), JsonPath.from(arguments.toString()).getMap(""), model + ": the fragments add up");
            assertEquals(1, finishes);
            assertEquals("tool_calls", chunks.get(chunks.size() - 1).getString("choices[0].finish_reason"));
            assertTrue(sse.endsWith("data: [DONE]\n\n"));
        }
    }

    @Test
    void anAgentLoopSendsTheResultBackAndGetsAnAnswer() {
        String history = "{\"model\":\"" + SCOUT + "\"," + TOOLS + ",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"loop weather in Paris\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_abc\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc\",\"content\":\"22 degrees and sunny\"}]}";
        post(history).statusCode(200)
                .body("choices[0].message.content", equalTo("The tool said: 22 degrees and sunny"))
                .body("choices[0].finish_reason", equalTo("stop"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sent = (List<Map<String, Object>>) emulator.lastBodyContaining("loop weather")
                .get("messages");
        assertEquals("[{\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}}]", sent.get(1).get("content"),
                "a classic model gets the calls as its string content");
        assertTrue(((String) sent.get(2).get("tool_call_id")).matches("[a-zA-Z0-9]{9}"), sent.get(2).toString());
    }

    @Test
    void toolChoiceNamesOrRefusesTools() {
        post(body(SCOUT, "named-choice weather", TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")).statusCode(200)
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_time"));
        assertEquals(1, ((List<?>) emulator.lastBodyContaining("named-choice").get("tools")).size());
        post(body(SCOUT, "no-tools please", TOOLS + ",\"tool_choice\":\"none\"")).statusCode(200)
                .body("choices[0].message.content", equalTo("You said: no-tools please"));
        assertFalse(emulator.lastBodyContaining("no-tools").containsKey("tools"));
    }

    @Test
    void whatCannotWorkIsA400NamingTheField() {
        post(body(SCOUT, "x", "\"tools\":[{\"type\":\"retrieval\",\"function\":{\"name\":\"f\"}}]")).statusCode(400)
                .body("error.param", equalTo("tools[0].type"));
        post(body(SCOUT, "x", TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}"))
                .statusCode(400).body("error.param", equalTo("tool_choice"));
    }
}

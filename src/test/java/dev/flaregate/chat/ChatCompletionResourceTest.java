package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.QWEN3;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Non-streaming chat completions against the emulator, over HTTP. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ChatCompletionResourceTest {

    @InjectEmulator
    Emulator emulator;

    @Test
    void classicModelAnswersAsAnOpenAiChatCompletion() {
        long before = Instant.now().getEpochSecond();
        JsonPath completion = post(body(LLAMA, "Hello there, gateway", null))
                .statusCode(200)
                .header("Content-Type", startsWith("application/json"))
                .body("id", matchesPattern("chatcmpl-[A-Za-z0-9]{24}"))
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(LLAMA))
                .body("choices.size()", equalTo(1))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("You said: Hello there, gateway"))
                .body("choices[0].message.refusal", nullValue())
                .body("choices[0].logprobs", nullValue())
                .body("choices[0].finish_reason", equalTo("stop"))
                .extract().jsonPath();
        assertTrue(completion.getLong("created") >= before);
        Map<String, Object> raw = completion.getMap("choices[0]");
        assertTrue(raw.containsKey("logprobs"), "logprobs is present, as null");
        assertFalse(completion.getMap("choices[0].message").containsKey("reasoning_content"));
        // The emulator counts four tokens per message plus one per word: usage is Workers AI's, passed on.
        assertEquals(4 + 3, completion.getInt("usage.prompt_tokens"));
        assertEquals(5, completion.getInt("usage.completion_tokens"));
        assertEquals(12, completion.getInt("usage.total_tokens"));
    }

    @Test
    void chatShapedModelKeepsReasoningAndUpstreamFinishReason() {
        post(body(QWEN3, "Think first", null))
                .statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo(QWEN3))
                .body("choices[0].message.content", equalTo("You said: Think first"))
                .body("choices[0].message.reasoning_content", equalTo("The user wrote 2 words; I repeat them."))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.completion_tokens", equalTo(8 + 4));
    }

    @Test
    void withoutMaxTokensTheGatewaySendsItsDefaultInsteadOfWorkersAisSilent256() {
        String longText = "word ".repeat(400).strip();
        JsonPath completion = post(body(LLAMA, "default-max-tokens " + longText, null))
                .statusCode(200)
                .body("choices[0].finish_reason", equalTo("stop"))
                .extract().jsonPath();
        assertEquals(403, completion.getInt("usage.completion_tokens"), "the whole echo, far past 256 tokens");
        assertEquals(4096, emulator.lastBodyContaining("default-max-tokens").get("max_tokens"));
    }

    @Test
    void aClientLimitCutsTheAnswerAndSaysLength() {
        post(body(LLAMA, "one two three four five six seven", "\"max_completion_tokens\":4"))
                .statusCode(200)
                .body("choices[0].message.content", equalTo("You said: one two"))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(4));
        post(body(LLAMA, "one two three four five six seven", "\"max_tokens\":3"))
                .statusCode(200)
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(3));
    }

    @Test
    void requestFieldsAreTranslatedForTheModelFamily() {
        String sampling = "\"temperature\":0.2,\"top_p\":0,\"seed\":0,\"frequency_penalty\":-1.5,"
                + "\"presence_penalty\":1.5,\"top_k\":80,\"repetition_penalty\":1.1,\"stop\":[\"END\"],"
                + "\"user\":\"u-1\",\"metadata\":{\"a\":\"b\"},\"store\":false,\"some_future_field\":{\"x\":1}";
        post(body(LLAMA, "classic-sampling", sampling)).statusCode(200);
        Map<String, Object> classic = emulator.lastBodyContaining("classic-sampling");
        assertEquals(0.2f, ((Number) classic.get("temperature")).floatValue());
        assertEquals(0, ((Number) classic.get("top_p")).intValue(), "llama-3.1 takes top_p from 0");
        assertEquals(1L, ((Number) classic.get("seed")).longValue(),
                "seed 0 is invalid on Workers AI and is folded into its range");
        assertEquals(0, ((Number) classic.get("frequency_penalty")).intValue(), "clamped to llama-3.1's 0..2");
        assertEquals(1.5f, ((Number) classic.get("presence_penalty")).floatValue());
        assertEquals(50, classic.get("top_k"), "clamped to Workers AI's 1..50");
        assertEquals(1.1f, ((Number) classic.get("repetition_penalty")).floatValue());
        assertFalse(classic.containsKey("stop"), "classic models have no stop field");
        assertFalse(classic.containsKey("user"));

        post(body("@cf/meta/llama-3.3-70b-instruct-fp8-fast", "wide-penalty-sampling", sampling)).statusCode(200);
        Map<String, Object> wide = emulator.lastBodyContaining("wide-penalty-sampling");
        assertEquals(-1.5f, ((Number) wide.get("frequency_penalty")).floatValue(), "llama-3.3 takes -2..2");
        assertEquals(0.001f, ((Number) wide.get("top_p")).floatValue(), "llama-3.3 takes top_p from 0.001");

        post(body(QWEN3, "chat-shaped-sampling", sampling)).statusCode(200);
        assertEquals(List.of("END"), emulator.lastBodyContaining("chat-shaped-sampling").get("stop"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void messagesAreTranslatedRoleByRole() {
        String messages = "{\"model\":\"" + LLAMA + "\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":\"Be brief\"},"
                + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Line one\"},"
                + "{\"type\":\"text\",\"text\":\"Line two\"}]},"
                + "{\"role\":\"user\",\"content\":\"roles-marker\",\"name\":\"ann\"},"
                + "{\"role\":\"assistant\",\"content\":null},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"last words\"}]}]}";
        post(messages).statusCode(200).body("choices[0].message.content", equalTo("You said: last words"));
        List<Map<String, Object>> sent = (List<Map<String, Object>>) emulator.lastBodyContaining("roles-marker")
                .get("messages");
        assertEquals(List.of(
                Map.of("role", "system", "content", "Be brief"),
                Map.of("role", "system", "content", "Line one\nLine two"),
                Map.of("role", "user", "content", "roles-marker"),
                Map.of("role", "assistant", "content", ""),
                Map.of("role", "user", "content", "last words")), sent);
    }

    @Test
    void everyResponseCarriesARequestId() {
        post(body(LLAMA, "id please", null)).statusCode(200).header("x-request-id", matchesPattern("req_[0-9a-f]{32}"));
        given().header("x-request-id", "trace-42").contentType(ContentType.JSON).body("{}")
                .post("/v1/chat/completions").then().statusCode(400).header("x-request-id", equalTo("trace-42"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRequestIdIsSentUpstreamToo() {
        given().header("x-request-id", "trace-upstream-7").contentType(ContentType.JSON)
                .body(body(LLAMA, "request-id-marker", null)).post("/v1/chat/completions").then().statusCode(200);
        List<Map<String, Object>> recent = given().baseUri(emulator.baseUrl()).get("/__emulator/requests").then()
                .extract().jsonPath().getList("requests");
        Map<String, Object> sent = recent.stream()
                .filter(r -> r.get("body").toString().contains("request-id-marker")).findFirst().orElseThrow();
        assertEquals("trace-upstream-7", sent.get("requestId"));
    }

    @Test
    void usageGrowsWithThePrompt() {
        int small = post(body(LLAMA, "a", null)).extract().jsonPath().getInt("usage.prompt_tokens");
        post(body(LLAMA, "a b c d e f g h", null)).statusCode(200).body("usage.prompt_tokens", greaterThan(small));
    }
}

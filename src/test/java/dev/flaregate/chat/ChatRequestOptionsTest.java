package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.QWEN3;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** stop, n, log probabilities and reasoning effort, over HTTP against the emulator. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ChatRequestOptionsTest {

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void theGatewayEnforcesStopForModelsThatIgnoreIt() {
        post(body(LLAMA, "alpha beta. gamma delta", "\"stop\":[\"zzz\",\". \"]"))
                .statusCode(200)
                .body("choices[0].message.content", equalTo("You said: alpha beta"))
                .body("choices[0].finish_reason", equalTo("stop"));
        post(body(LLAMA, "alpha beta gamma", "\"stop\":\"beta gam\""))
                .statusCode(200)
                .body("choices[0].message.content", equalTo("You said: alpha "));
    }

    @Test
    void aStopSequenceSpanningChunksEndsTheStream() {
        // Tokens are words: " beta" and " gamma" arrive in two chunks, the sequence "beta gam" spans them.
        String sse = RawHttp.post(chat, body(LLAMA, "stop-stream alpha beta gamma delta epsilon",
                "\"stream\":true,\"stop\":\"beta gam\""), null).body();
        List<JsonPath> chunks = ChatStreamingTest.chunks(sse);
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.getString("choices[0].delta.content") == null ? ""
                : c.getString("choices[0].delta.content")));
        assertEquals("You said: stop-stream alpha ", text.toString());
        assertEquals("stop", chunks.get(chunks.size() - 1).getString("choices[0].finish_reason"));
        assertFalse(sse.contains("gamma") || sse.contains("epsilon"), sse);
    }

    @Test
    void chatShapedModelsGetStopThemselves() {
        post(body(QWEN3, "stop-upstream one two", "\"stop\":[\"two\"]")).statusCode(200);
        assertEquals(List.of("two"), emulator.lastBodyContaining("stop-upstream").get("stop"));
    }

    @Test
    void severalChoicesAreSeveralCalls() {
        JsonPath completion = post(body(LLAMA, "three-choices", "\"n\":3")).statusCode(200)
                .body("choices.size()", equalTo(3))
                .body("choices.index", equalTo(List.of(0, 1, 2)))
                .body("choices[2].message.content", equalTo("You said: three-choices"))
                .extract().jsonPath();
        assertEquals(3, emulator.callsContaining("three-choices"));
        assertEquals(5, completion.getInt("usage.prompt_tokens"), "the prompt counts once");
        assertEquals(3 * 3, completion.getInt("usage.completion_tokens"));
        post(body(LLAMA, "x", "\"n\":2,\"stream\":true")).statusCode(400).body("error.param", equalTo("n"));
        post(body(LLAMA, "x", "\"n\":9")).statusCode(400).body("error.param", equalTo("n"));
    }

    @Test
    void logProbabilitiesAndBiasesAreRefusedByName() {
        post(body(LLAMA, "x", "\"logprobs\":true")).statusCode(400).body("error.param", equalTo("logprobs"));
        post(body(LLAMA, "x", "\"top_logprobs\":2")).statusCode(400).body("error.param", equalTo("top_logprobs"));
        post(body(LLAMA, "x", "\"logit_bias\":{\"50256\":-100}")).statusCode(400)
                .body("error.param", equalTo("logit_bias"));
        post(body(LLAMA, "x", "\"logprobs\":false,\"logit_bias\":{}")).statusCode(200);
    }

    @Test
    void reasoningEffortReachesTheModelsThatTakeIt() {
        post(body(QWEN3, "effort-qwen", "\"reasoning_effort\":\"low\"")).statusCode(200);
        assertEquals("low", emulator.lastBodyContaining("effort-qwen").get("reasoning_effort"));
        post(body(LLAMA, "effort-llama", "\"reasoning_effort\":\"low\"")).statusCode(200);
        assertFalse(emulator.lastBodyContaining("effort-llama").containsKey("reasoning_effort"));
        post(body(QWEN3, "effort-xhigh", "\"reasoning_effort\":\"xhigh\"")).statusCode(200);
        assertEquals("high", emulator.lastBodyContaining("effort-xhigh").get("reasoning_effort"));
        post(body(QWEN3, "effort-unknown", "\"reasoning_effort\":\"max\"")).statusCode(200);
        assertFalse(emulator.lastBodyContaining("effort-unknown").containsKey("reasoning_effort"));
    }
}

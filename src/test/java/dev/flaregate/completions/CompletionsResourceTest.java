package dev.flaregate.completions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** The legacy {@code /v1/completions}, for Continue, LlamaIndex and older tools. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class CompletionsResourceTest {

    private static final String LLAMA = "@cf/meta/llama-3.1-8b-instruct";

    @TestHTTPResource("/v1/completions")
    URI completions;

    private static ValidatableResponse complete(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/v1/completions").then();
    }

    @Test
    void aPromptBecomesATextCompletion() {
        complete("{\"model\":\"" + LLAMA + "\",\"prompt\":\"Once upon a time\",\"max_tokens\":50}")
                .statusCode(200)
                .body("id", matchesPattern("cmpl-[A-Za-z0-9]{24}"))
                .body("object", equalTo("text_completion"))
                .body("model", equalTo(LLAMA))
                .body("choices[0].text", equalTo("You said: Once upon a time"))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].logprobs", nullValue())
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.completion_tokens", equalTo(6));
        complete("{\"model\":\"gpt-3.5-turbo\",\"prompt\":[\"one two three\"],\"max_tokens\":2}")
                .statusCode(200)
                .body("model", equalTo("gpt-3.5-turbo"))
                .body("choices[0].finish_reason", equalTo("length"));
    }

    @Test
    void streamedCompletionsEndWithAFinishAndDone() {
        HttpResponse<String> response = RawHttp.post(completions, "{\"model\":\"" + LLAMA
                + "\",\"prompt\":\"stream this\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}", null);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        String sse = response.body();
        assertTrue(sse.endsWith("\n\ndata: [DONE]\n\n"), sse);
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonPath last = null;
        for (String event : sse.split("\n\n")) {
            String data = event.substring("data: ".length());
            if (data.equals("[DONE]")) {
                continue;
            }
            last = JsonPath.from(data);
            assertEquals("text_completion", last.getString("object"));
            List<Object> choices = last.getList("choices");
            if (!choices.isEmpty()) {
                text.append(last.getString("choices[0].text"));
                finish = last.getString("choices[0].finish_reason") != null ? last.getString("choices[0].finish_reason")
                        : finish;
            }
        }
        assertEquals("You said: stream this", text.toString());
        assertEquals("stop", finish);
        assertTrue(last.getInt("usage.total_tokens") > 0);
    }

    @Test
    void whatWorkersAiCannotDoIsRefusedByName() {
        for (String[] field : new String[][] {{"echo", "true"}, {"suffix", "\"end\""}, {"best_of", "2"},
                {"logprobs", "3"}, {"prompt", "[\"a\",\"b\"]"}, {"prompt", "[1,2]"}}) {
            String json = field[0].equals("prompt") ? "{\"model\":\"" + LLAMA + "\",\"prompt\":" + field[1] + "}"
                    : "{\"model\":\"" + LLAMA + "\",\"prompt\":\"x\",\"" + field[0] + "\":" + field[1] + "}";
            complete(json).statusCode(400).body("error.param", equalTo(field[0]));
        }
        complete("{\"model\":\"" + LLAMA + "\"}").statusCode(400).body("error.param", equalTo("prompt"));
    }
}

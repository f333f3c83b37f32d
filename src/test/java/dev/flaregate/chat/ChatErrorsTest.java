package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every way a chat request can fail ends as OpenAI's error envelope with the right status. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ChatErrorsTest {

    private static ValidatableResponse assertEnvelope(ValidatableResponse response, int status, String type,
            String param, String code) {
        return response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", allOf(hasKey("message"), hasKey("type"), hasKey("param"), hasKey("code")))
                .body("error.type", equalTo(type))
                .body("error.param", equalTo(param))
                .body("error.code", equalTo(code))
                .body(not(containsString(EmulatorResource.TOKEN)))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON          | {"model":                                                   |
            no model                | {"messages":[{"role":"user","content":"x"}]}                 | model
            empty messages          | {"model":"m","messages":[]}                                  | messages
            messages not an array   | {"model":"m","messages":"oops"}                              | messages
            null message            | {"model":"m","messages":[null]}                              | messages[0]
            unknown role            | {"model":"m","messages":[{"role":"bot","content":"x"}]}      | messages[0].role
            content not text        | {"model":"m","messages":[{"role":"user","content":5}]}       | messages[0].content
            user without content    | {"model":"m","messages":[{"role":"user"}]}                   | messages[0].content
            temperature too high    | {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":2.5} | temperature
            top_p too high          | {"model":"m","messages":[{"role":"user","content":"x"}],"top_p":1.5}       | top_p
            penalty too low         | {"model":"m","messages":[{"role":"user","content":"x"}],"presence_penalty":-3} | presence_penalty
            max_tokens zero         | {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}    | max_tokens
            max_tokens not a number | {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":"a"}  | max_tokens
            too many stops          | {"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]} | stop
            n above eight           | {"model":"m","messages":[{"role":"user","content":"x"}],"n":9}             | n
            unknown part type       | {"model":"m","messages":[{"role":"user","content":[{"type":"input_audio"}]}]} | messages[0].content[0].type
            remote image, not fetched | {"model":"@cf/meta/llama-4-scout-17b-16e-instruct","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]} | messages[0].content[0].image_url.url
            image URL of other scheme | {"model":"@cf/meta/llama-4-scout-17b-16e-instruct","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"file:///etc/passwd"}}]}]} | messages[0].content[0].image_url.url
            path traversal in model | {"model":"@cf/../../tokens","messages":[{"role":"user","content":"x"}]}  | model
            query in model          | {"model":"@cf/x?y=1","messages":[{"role":"user","content":"x"}]}         | model
            control char in model   | {"model":"@cf/x\\u0000y","messages":[{"role":"user","content":"x"}]}     | model
            embedding model         | {"model":"@cf/baai/bge-base-en-v1.5","messages":[{"role":"user","content":"x"}]} | model
            """)
    void badInputIsA400NamingTheField(String name, String json, String param) {
        assertEnvelope(post(json), 400, "invalid_request_error", param, null)
                .body("error.message", param == null ? containsString("JSON") : containsString(param));
    }

    @Test
    void noBodyAndWrongMediaTypeAreClientErrors() {
        assertEnvelope(given().contentType(ContentType.JSON).post("/v1/chat/completions").then(), 400,
                "invalid_request_error", null, null);
        assertEnvelope(given().contentType(ContentType.TEXT).body("hi").post("/v1/chat/completions").then(), 415,
                "invalid_request_error", null, null);
        assertEnvelope(given().get("/v1/chat/completions").then(), 405, "invalid_request_error", null,
                "method_not_allowed");
        assertEnvelope(given().get("/v1/nothing-here").then(), 404, "invalid_request_error", null, "unknown_url");
    }

    @Test
    void aBodyOverTheLimitIsA413InTheEnvelope() {
        String huge = "x".repeat(11 * 1024 * 1024);
        assertEnvelope(post(body(LLAMA, huge, null)), 413, "invalid_request_error", null, "request_too_large")
                .body("error.message", containsString("10 MiB"));
    }

    @Test
    void unknownModelIs404ModelNotFoundWithWorkersAisMessage() {
        assertEnvelope(post(body("@cf/meta/llama-9-nonexistent", "x", null)), 404, "invalid_request_error", null,
                "model_not_found")
                .body("error.message", equalTo("Workers AI error 5007: No such model @cf/meta/llama-9-nonexistent "
                        + "or task"));
    }

    @ParameterizedTest(name = "Workers AI {0} -> {1} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            error=5006         | 400 | invalid_request_error | workers_ai_5006
            error=3030         | 400 | invalid_request_error | context_length_exceeded
            error=3006         | 413 | invalid_request_error | request_too_large
            error=5016         | 403 | permission_error      | workers_ai_5016
            error=3007         | 504 | api_error             | upstream_timeout
            error=3040         | 429 | requests              | rate_limit_exceeded
            error=1015         | 429 | requests              | rate_limit_exceeded
            error=8005         | 502 | api_error             | workers_ai_8005
            error=10000        | 502 | api_error             | upstream_authentication_failed
            success-false=5006 | 400 | invalid_request_error | workers_ai_5006
            empty-result       | 502 | api_error             | upstream_malformed_response
            """)
    void workersAiFailuresMapByTheirCode(String directive, int status, String type, String code) {
        ValidatableResponse response = assertEnvelope(post(body(LLAMA, "x [emulate:" + directive + "]", null)),
                status, type, null, code);
        if (directive.startsWith("error=") && !directive.equals("error=1015")) {
            response.body("error.message", containsString("Workers AI error " + directive.substring(6) + ": "));
        }
    }

    @Test
    void rejectedCredentialsSayWhoseTheyAreWithoutTheToken() {
        assertEnvelope(post(body(LLAMA, "x [emulate:error=10000]", null)), 502, "api_error", null,
                "upstream_authentication_failed")
                .body("error.message", containsString("CLOUDFLARE_API_TOKEN"));
    }

    @Test
    void dailyQuotaIs429InsufficientQuotaUntilMidnightUtc() {
        for (String code : new String[] {"3036", "4006"}) {
            long expected = Duration.between(Instant.now(),
                    LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
            String retryAfter = assertEnvelope(post(body(LLAMA, "x [emulate:error=" + code + "]", null)), 429,
                    "insufficient_quota", null, "insufficient_quota")
                    .extract().header("Retry-After");
            long seconds = Long.parseLong(retryAfter);
            assertTrue(Math.abs(seconds - expected) <= 5, retryAfter + " vs " + expected);
        }
    }

    @Test
    void everyRateLimitSaysWhenToComeBackAndClientErrorsSayNotToRetry() {
        post(body(LLAMA, "x [emulate:error=3040]", null)).statusCode(429)
                .header("Retry-After", equalTo("1"))
                .header("retry-after-ms", equalTo("1000"))
                .header("x-should-retry", nullValue());
        post(body(LLAMA, "x [emulate:error=3036]", null)).statusCode(429).header("x-should-retry", equalTo("false"));
        post(body(LLAMA, "x [emulate:error=5006]", null)).statusCode(400).header("x-should-retry", equalTo("false"));
        post(body(LLAMA, "x [emulate:error=8005]", null)).statusCode(502).header("x-should-retry", nullValue());
    }

    @Test
    void contextOverflowDetectedByWorkersAiIsContextLengthExceeded() {
        // llama-3.1-8b-instruct has a 7,968-token context; the emulator counts one token per word.
        String huge = "w ".repeat(8000).strip();
        assertEnvelope(post(body(LLAMA, huge, null)), 400, "invalid_request_error", null,
                "context_length_exceeded")
                .body("error.message", containsString("Max context reached"));
    }
}

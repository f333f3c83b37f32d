package dev.flaregate.access;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

/**
 * Each limit of a key's policy, exceeded over HTTP: the right status, type and code, a Retry-After that is the real
 * wait, OpenAI's x-ratelimit headers, tokens counted from Workers AI's usage (a stream's when it ends), and the
 * models a key may use, compared after aliases are resolved. One key per limit, so the tests do not interfere.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(KeyLimitsTest.Policies.class)
class KeyLimitsTest {

    private static final String PREFIX = "-5e0b8c1f7a2d9e4b6c3a";

    public static class Policies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.api-keys", String.join(",", "requests:requests" + PREFIX,
                    "tokens:tokens" + PREFIX, "daily:daily" + PREFIX, "streamed:streamed" + PREFIX,
                    "embedder:embedder" + PREFIX, "models:models" + PREFIX, "free:free" + PREFIX,
                    "choices:choices" + PREFIX),
                    "flaregate.key-policies", "requests: rpm=3; tokens: tpm=30; daily: tpd=20; streamed: tpd=20;"
                            + " embedder: tpd=5; choices: tpd=20; models: models=gpt-3.5-turbo,text-embedding-3-small");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    private static ValidatableResponse chat(String key, String model, String text, String extra) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key + PREFIX)
                .body(body(model, text, extra)).post("/v1/chat/completions").then();
    }

    private static ValidatableResponse embed(String key, String model, String input) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key + PREFIX)
                .body("{\"model\":\"" + model + "\",\"input\":\"" + input + "\"}").post("/v1/embeddings").then();
    }

    private static ValidatableResponse refused(ValidatableResponse response, String type, String code) {
        return response.statusCode(429).body("error.type", equalTo(type)).body("error.code", equalTo(code));
    }

    private static long retryAfter(ExtractableResponse<Response> response) {
        return Long.parseLong(response.header("Retry-After"));
    }

    @Test
    void requestsPerMinuteRunOutWithTheRealWaitAndOpenAisHeaders() {
        for (int i = 0; i < 3; i++) {
            ExtractableResponse<Response> ok = chat("requests", LLAMA, "count me " + i, null).statusCode(200)
                    .extract();
            assertEquals("3", ok.header("x-ratelimit-limit-requests"));
            assertEquals(Integer.toString(2 - i), ok.header("x-ratelimit-remaining-requests"));
            assertTrue(ok.header("x-ratelimit-reset-requests").matches("(19|[2-5][0-9]|60)(\\.\\d+)?s"),
                    ok.header("x-ratelimit-reset-requests"));
        }
        ExtractableResponse<Response> refused = refused(chat("requests", LLAMA, "one too many", null), "requests",
                "rate_limit_exceeded")
                .body("error.message", containsString("'requests'"))
                .header("x-ratelimit-remaining-requests", "0")
                .extract();
        // 3 a minute: a place comes back 20 s after the first request.
        assertTrue(retryAfter(refused) >= 15 && retryAfter(refused) <= 20, refused.header("Retry-After"));
        // Requests are counted everywhere, not only on model calls.
        given().header("Authorization", "Bearer requests" + PREFIX).get("/v1/models").then().statusCode(429);
    }

    @Test
    void tokensPerMinuteAreCountedAfterTheAnswerAndRefuseTheNextRequest() {
        String words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        long start = System.nanoTime();
        int used = chat("tokens", LLAMA, words, null).statusCode(200).extract().path("usage.total_tokens");
        assertTrue(used > 30, "the answer used " + used + " tokens");
        ExtractableResponse<Response> refused = refused(chat("tokens", LLAMA, "more", null), "tokens",
                "rate_limit_exceeded")
                .header("x-ratelimit-limit-tokens", "30")
                .header("x-ratelimit-remaining-tokens", "0")
                .extract();
        // 30 a minute is one token every 2 s: room for one more once the debt beyond the minute is paid.
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        long expected = used * 2L + 2 - 60;
        assertTrue(Math.abs(retryAfter(refused) - (expected - elapsed)) <= 2,
                "Retry-After " + retryAfter(refused) + ", expected about " + (expected - elapsed));
    }

    @Test
    void theDailyBudgetIsInsufficientQuotaUntilMidnightUtc() {
        chat("daily", LLAMA, "spend the day's tokens in one go, please", null).statusCode(200);
        ExtractableResponse<Response> refused = refused(chat("daily", LLAMA, "more", null), "insufficient_quota",
                "insufficient_quota")
                .body("error.message", containsString("daily budget of 20 tokens"))
                .header("x-should-retry", "false")
                .extract();
        long untilMidnight = Duration.between(ZonedDateTime.now(ZoneOffset.UTC),
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds();
        assertTrue(Math.abs(retryAfter(refused) - untilMidnight) <= 3,
                "Retry-After " + retryAfter(refused) + ", midnight UTC in " + untilMidnight);
    }

    @Test
    void eachChoiceIsChargedItsReadingOfThePromptAsWorkersAiBillsIt() {
        Map<String, Integer> usage = chat("choices", LLAMA, "pay for both", "\"n\":2").statusCode(200)
                .extract().path("usage");
        int openAiStyle = usage.get("total_tokens");
        int billed = 2 * usage.get("prompt_tokens") + usage.get("completion_tokens");
        assertTrue(openAiStyle < 20 && billed >= 20, "usage " + usage + " must fall on both sides of the limit");
        refused(chat("choices", LLAMA, "more", null), "insufficient_quota", "insufficient_quota");
    }

    @Test
    void aStreamCountsItsTokensWhenItEnds() throws Exception {
        HttpResponse<String> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(chat).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer streamed" + PREFIX)
                        .POST(HttpRequest.BodyPublishers.ofString(body(LLAMA,
                                "a streamed answer long enough to spend the budget", "\"stream\":true")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.body().endsWith("data: [DONE]\n\n"), stream.body());
        refused(chat("streamed", LLAMA, "more", null), "insufficient_quota", "insufficient_quota");
    }

    @Test
    void embeddingsCountTheirTokensToo() {
        embed("embedder", "@cf/baai/bge-small-en-v1.5", "some forty characters of text to embed now").statusCode(200);
        refused(embed("embedder", "@cf/baai/bge-small-en-v1.5", "more"), "insufficient_quota", "insufficient_quota");
    }

    @Test
    void aKeyLimitedToSomeModelsMayUseThemByAnyNameAndNoOther() {
        chat("models", "gpt-3.5-turbo", "by alias", null).statusCode(200);
        chat("models", LLAMA, "by the id the alias stands for", null).statusCode(200);
        embed("models", "@cf/baai/bge-base-en-v1.5", "by id").statusCode(200);
        chat("models", "@cf/meta/llama-3.2-1b-instruct", "another model", null)
                .statusCode(403)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("model_not_found"))
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("gpt-3.5-turbo"));
        chat("models", "gpt-4o", "an alias of another model", null).statusCode(403);
        embed("models", "@cf/baai/bge-large-en-v1.5", "another embedding model").statusCode(403);
    }

    @Test
    void aKeyWithoutAPolicyIsNotLimitedAndGetsNoRateLimitHeaders() {
        for (int i = 0; i < 5; i++) {
            chat("free", LLAMA, "free " + i, null).statusCode(200)
                    .header("x-ratelimit-limit-requests", (String) null);
        }
    }
}

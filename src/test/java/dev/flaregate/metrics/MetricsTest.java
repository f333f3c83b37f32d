package dev.flaregate.metrics;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code /q/metrics} after real calls through the gateway to the emulator. Metrics add up over the tests of the
 * application, so each test compares a scrape after its calls with one before. One Workers AI call at a time and
 * one waiting, so that a test can fill the gateway's own limit.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(MetricsTest.OneCallAtATime.class)
class MetricsTest {

    public static class OneCallAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.workers-ai.max-concurrent-calls", "1",
                    "flaregate.workers-ai.max-queued-calls", "1",
                    "flaregate.workers-ai.queue-timeout", "10s");
        }
    }

    /** llama-3.1-8b-instruct's rates in the built-in catalogue, in neurons per million tokens. */
    private static final double LLAMA_IN = 25_608;
    private static final double LLAMA_OUT = 75_147;
    private static final String CHAT = "/v1/chat/completions";
    private static final String[] LLAMA_CHAT = {"gen_ai_operation_name", "chat", "gen_ai_request_model", LLAMA};

    @TestHTTPResource(CHAT)
    URI chat;

    @Test
    void aChatCountsItsRequestTokensAndCostByModel() {
        Scrape before = Scrape.now();
        JsonPath usage = post(body(LLAMA, "count these words please", null)).statusCode(200).extract().jsonPath();
        int input = usage.getInt("usage.prompt_tokens");
        int output = usage.getInt("usage.completion_tokens");
        Scrape after = Scrape.now();

        assertEquals(1, after.since(before, "flaregate_requests_total", "endpoint", CHAT,
                "gen_ai_request_model", LLAMA, "status", "200", "stream", "false"));
        assertTokens(before, after, input, output);
        assertCost(before, after, input, output);
        assertEquals(1, after.since(before, "gen_ai_client_operation_duration_seconds_count",
                with(LLAMA_CHAT, "error_type", "", "gen_ai_provider_name", "cloudflare.workers_ai")),
                "one Workers AI call, which succeeded");
    }

    @Test
    void theGatewaysOwnTimeLeavesOutTheWaitForWorkersAi() {
        Scrape before = Scrape.now();
        long started = System.nanoTime();
        post(body(LLAMA, "slow upstream [emulate:delay=400]", null)).statusCode(200);
        double seconds = (System.nanoTime() - started) / 1e9;
        Scrape after = Scrape.now();

        String[] chat = {"endpoint", CHAT, "stream", "false"};
        assertEquals(1, after.since(before, "flaregate_gateway_overhead_seconds_count", chat));
        double overhead = after.since(before, "flaregate_gateway_overhead_seconds_sum", chat);
        assertTrue(seconds >= 0.4 && overhead < 0.2, "the request took " + seconds + " s, of which the gateway's "
                + "own " + overhead + " s: Workers AI's 0.4 s must not count");
    }

    @Test
    void aStreamCountsItsTokensFirstTokenAndTimePerToken() {
        Scrape before = Scrape.now();
        HttpResponse<String> response = RawHttp.post(chat, body(LLAMA, "stream these words for me",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}"), null);
        assertEquals(200, response.statusCode(), response.body());
        String usageEvent = Arrays.stream(response.body().split("\n\n"))
                .filter(e -> e.contains("\"usage\":{")).findFirst().orElseThrow().substring("data: ".length());
        int input = JsonPath.from(usageEvent).getInt("usage.prompt_tokens");
        int output = JsonPath.from(usageEvent).getInt("usage.completion_tokens");
        assertTrue(output > 1, usageEvent);
        Scrape after = Scrape.now();

        assertEquals(1, after.since(before, "flaregate_requests_total", "endpoint", CHAT,
                "gen_ai_request_model", LLAMA, "status", "200", "stream", "true"));
        assertTokens(before, after, input, output);
        assertCost(before, after, input, output);
        assertEquals(1, after.since(before, "gen_ai_server_time_to_first_token_seconds_count", LLAMA_CHAT));
        assertEquals(1, after.since(before, "gen_ai_server_time_per_output_token_seconds_count", LLAMA_CHAT));
        assertTrue(after.sum("gen_ai_server_time_to_first_token_seconds_bucket", with(LLAMA_CHAT, "le", "60.0"))
                >= 1, "the first token histogram has buckets up to the first-token timeout");
    }

    @Test
    void streamsInFlightAreCountedWhileTheyRunAndNoLonger() throws Exception {
        Scrape.now(); // the first scrape of a run is slow, and the stream must not be over by its end
        CompletableFuture<HttpResponse<String>> slow = RawHttp.postAsync(chat,
                body(LLAMA, "a slow stream of some ten words or so [emulate:delay=300]", "\"stream\":true"));
        assertEquals(1, awaitGauge(1), "the stream is in flight");
        assertEquals(200, slow.join().statusCode());
        assertEquals(0, awaitGauge(0), "and no longer once it has ended");

        CompletableFuture<HttpResponse<String>> refused = RawHttp.postAsync(chat,
                body(LLAMA, "a stream that fails [emulate:error=5006]", "\"stream\":true"));
        assertEquals(400, refused.join().statusCode());
        assertEquals(0, awaitGauge(0), "a stream that fails before its first chunk is not left counted");

        // Some thirty words at 300 ms each: were the stream not ended with its client, it would outlast the wait.
        RawHttp.leaveAfterFirstEvent(chat, body(LLAMA, "a stream nobody reads to its end " + "word ".repeat(25)
                + "[emulate:delay=300]", "\"stream\":true"), "metrics-leaves");
        assertEquals(0, awaitGauge(0), "nor one whose client went away");
    }

    @Test
    void aRetriedOutOfCapacityShowsAsARetryAndAnUpstreamError() {
        Scrape before = Scrape.now();
        post(body(LLAMA, "metrics retry [emulate:error=3040] [emulate:times=1]", null)).statusCode(200);
        Scrape after = Scrape.now();

        assertEquals(1, after.since(before, "flaregate_workers_ai_retries_total", with(LLAMA_CHAT, "error_type",
                "3040")));
        assertEquals(1, after.since(before, "flaregate_workers_ai_errors_total", with(LLAMA_CHAT, "error_type",
                "3040")));
        assertEquals(1, after.since(before, "gen_ai_client_operation_duration_seconds_count",
                with(LLAMA_CHAT, "error_type", "3040")), "the failed attempt is timed under its code");
        assertEquals(1, after.since(before, "gen_ai_client_operation_duration_seconds_count",
                with(LLAMA_CHAT, "error_type", "")), "and so is the one that succeeded");
        assertEquals(1, after.since(before, "flaregate_requests_total", "gen_ai_request_model", LLAMA,
                "status", "200"), "the client saw one request");
    }

    @Test
    void a429IsCountedUnderWhoRefusedIt() throws Exception {
        Scrape before = Scrape.now();
        post(body(LLAMA, "metrics quota [emulate:error=3036]", null)).statusCode(429);

        CompletableFuture<HttpResponse<String>> busy = RawHttp.postAsync(chat,
                body(LLAMA, "metrics busy [emulate:delay=1500]", null));
        Thread.sleep(300);
        CompletableFuture<HttpResponse<String>> waiting = RawHttp.postAsync(chat, body(LLAMA, "metrics waits", null));
        Thread.sleep(200);
        HttpResponse<String> overflow = RawHttp.post(chat, body(LLAMA, "metrics overflow", null), null);
        assertEquals(429, overflow.statusCode(), overflow.body());
        assertEquals("gateway_overloaded", JsonPath.from(overflow.body()).getString("error.code"));
        assertEquals(200, busy.join().statusCode());
        assertEquals(200, waiting.join().statusCode());
        Scrape after = Scrape.now();

        assertEquals(1, after.since(before, "flaregate_requests_refused_total", "refused_by", "workers_ai",
                "gen_ai_request_model", LLAMA));
        assertEquals(1, after.since(before, "flaregate_requests_refused_total", "refused_by", "gateway",
                "gen_ai_request_model", LLAMA));
        assertEquals(2, after.since(before, "flaregate_requests_total", "status", "429"));
    }

    @Test
    void modelLabelsAreCataloguedIdsAndEverythingElseIsOther() {
        Scrape before = Scrape.now();
        post(body("@cf/nobody/no-such-model-4711", "hello", null)).statusCode(404);
        post(body("gpt-3.5-turbo", "hello through an alias", null)).statusCode(200);
        Scrape after = Scrape.now();

        assertEquals(1, after.since(before, "flaregate_requests_total", "gen_ai_request_model", "other",
                "status", "404"));
        assertEquals(1, after.since(before, "flaregate_workers_ai_errors_total", "gen_ai_request_model", "other",
                "error_type", "5007"));
        assertEquals(1, after.since(before, "flaregate_requests_total", "gen_ai_request_model", LLAMA,
                "status", "200"), "an alias counts as the model it stands for");
        assertFalse(after.text().contains("no-such-model"), "a client's model name never becomes a label");
        assertFalse(after.text().contains("gpt-3.5-turbo"));
    }

    @Test
    void embeddingsCountInputTokensAndCost() {
        String bge = "@cf/baai/bge-base-en-v1.5";
        Scrape before = Scrape.now();
        int input = given().contentType(ContentType.JSON)
                .body("{\"model\":\"" + bge + "\",\"input\":[\"first text\",\"second text\"]}")
                .post("/v1/embeddings").then().statusCode(200).extract().jsonPath().getInt("usage.prompt_tokens");
        Scrape after = Scrape.now();

        String[] labels = {"gen_ai_operation_name", "embeddings", "gen_ai_request_model", bge};
        assertEquals(input, after.since(before, "gen_ai_client_token_usage_sum", with(labels,
                "gen_ai_token_type", "input")));
        assertEquals(0, after.since(before, "gen_ai_client_token_usage_count", with(labels,
                "gen_ai_token_type", "output")), "an embedding has no output tokens");
        assertEquals(input * 6_058 / 1e6, after.since(before, "flaregate_cost_neurons_total",
                "gen_ai_request_model", bge), 1e-9);
    }

    private static void assertTokens(Scrape before, Scrape after, int input, int output) {
        assertEquals(input, after.since(before, "gen_ai_client_token_usage_sum",
                with(LLAMA_CHAT, "gen_ai_token_type", "input")), "input tokens as in the response's usage");
        assertEquals(output, after.since(before, "gen_ai_client_token_usage_sum",
                with(LLAMA_CHAT, "gen_ai_token_type", "output")), "output tokens as in the response's usage");
        assertEquals(1, after.since(before, "gen_ai_client_token_usage_count",
                with(LLAMA_CHAT, "gen_ai_token_type", "output")));
    }

    private static void assertCost(Scrape before, Scrape after, int input, int output) {
        double neurons = (input * LLAMA_IN + output * LLAMA_OUT) / 1e6;
        assertTrue(neurons > 0);
        assertEquals(neurons, after.since(before, "flaregate_cost_neurons_total", "gen_ai_request_model", LLAMA),
                neurons * 1e-6, "tokens times the model's price");
        assertEquals(neurons * 0.011 / 1000, after.since(before, "flaregate_cost_usd_total",
                "gen_ai_request_model", LLAMA), neurons * 1e-11, "$0.011 per 1,000 neurons");
    }

    private static double awaitGauge(double expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        double value = Scrape.now().sum("flaregate_streams_in_flight");
        while (value != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            value = Scrape.now().sum("flaregate_streams_in_flight");
        }
        return value;
    }

    private static String[] with(String[] labels, String... more) {
        String[] all = Arrays.copyOf(labels, labels.length + more.length);
        System.arraycopy(more, 0, all, labels.length, more.length);
        return all;
    }
}

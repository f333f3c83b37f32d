package dev.flaregate.limits;

import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.flaregate.models.Task;
import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The gateway's budget of Workers AI calls per model: within it calls go through, and beyond it a call is refused
 * at once with the gateway's own 429, before Workers AI is called, when no room comes within the longest wait.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(UpstreamBudgetTest.SmallBudgets.class)
class UpstreamBudgetTest {

    private static final String THREE_A_MINUTE = "@cf/meta/llama-3.2-1b-instruct";
    private static final String ONE_A_MINUTE = "@cf/meta/llama-3.2-3b-instruct";
    private static final String TWO_A_MINUTE = "@cf/meta/llama-3.1-8b-instruct-fast";
    private static final String TWO_A_MINUTE_STREAMED = "@cf/meta/llama-3.1-8b-instruct-fp8";

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.upstream-budget.models", THREE_A_MINUTE + "=3," + ONE_A_MINUTE + "=1,"
                    + TWO_A_MINUTE + "=2," + TWO_A_MINUTE_STREAMED + "=2",
                    // Long enough that waiting it out could not pass for an immediate refusal on a busy machine.
                    "flaregate.upstream-budget.max-wait", "10s",
                    "flaregate.upstream-budget.text-generation", "300",
                    "flaregate.upstream-budget.text-embeddings", "3000");
        }
    }

    @InjectEmulator
    Emulator emulator;

    @Inject
    UpstreamBudget budget;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void beyondTheBudgetACallIsRefusedAtOnceByTheGatewayWithoutCallingWorkersAi() {
        for (int i = 0; i < 3; i++) {
            post(body(THREE_A_MINUTE, "within budget " + i, null)).statusCode(200);
        }
        long start = System.nanoTime();
        String refused = post(body(THREE_A_MINUTE, "over budget marker-7f3", null))
                .statusCode(429)
                .body("error.type", equalTo("requests"))
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.message", containsString("upstream budget"))
                .body("error.message", containsString(THREE_A_MINUTE))
                .extract().header("Retry-After");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 5_000, "refused at once, not after the longest wait: " + tookMs + " ms");
        // A place comes back when the first call leaves the 60-second window, not a third of a minute later.
        int retryAfter = Integer.parseInt(refused);
        assertTrue(retryAfter >= 50 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(0, emulator.callsContaining("marker-7f3"), "Workers AI was not called");
    }

    @Test
    void aStreamBeyondTheBudgetGetsARealStatusNotAnEmptyStream() {
        HttpResponse<String> first = RawHttp.post(chat, body(ONE_A_MINUTE, "the one", "\"stream\":true"), null);
        assertEquals(200, first.statusCode());
        HttpResponse<String> second = RawHttp.post(chat, body(ONE_A_MINUTE, "one too many", "\"stream\":true"), null);
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("rate_limit_exceeded", JsonPath.from(second.body()).getString("error.code"));
    }

    @Test
    void aRetryTakesAPlaceInTheBudgetLikeTheFirstAttempt() {
        retriedOnceThenRefused(TWO_A_MINUTE, null, "marker-r41");
    }

    @Test
    void aRetriedStreamStartTakesAPlaceInTheBudgetLikeTheFirstAttempt() {
        retriedOnceThenRefused(TWO_A_MINUTE_STREAMED, "\"stream\":true", "marker-r42");
    }

    /** Workers AI out of capacity once: the gateway's retry is a second call to Cloudflare, so the second place. */
    private void retriedOnceThenRefused(String model, String extra, String marker) {
        String recovers = "[emulate:error=3040] [emulate:times=1] " + marker;
        HttpResponse<String> retried = RawHttp.post(chat, body(model, recovers, extra), null);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(2, emulator.callsContaining(marker), "the first attempt and its retry reached Workers AI");
        HttpResponse<String> refused = RawHttp.post(chat, body(model, "no place left " + marker, extra), null);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("upstream budget"), refused.body());
        assertEquals(2, emulator.callsContaining(marker), "the refused call did not reach Workers AI");
    }

    @Test
    void ceilingsDefaultToCloudflaresPublishedLimits() {
        assertEquals(3, budget.ceiling(THREE_A_MINUTE, Task.TEXT_GENERATION), "configured");
        assertEquals(300, budget.ceiling("@cf/meta/llama-3.1-8b-instruct", Task.TEXT_GENERATION));
        assertEquals(3000, budget.ceiling("@cf/baai/bge-base-en-v1.5", Task.TEXT_EMBEDDINGS));
        assertEquals(1500, budget.ceiling("@cf/baai/bge-large-en-v1.5", Task.TEXT_EMBEDDINGS));
        assertEquals(150, budget.ceiling("@cf/qwen/qwen1.5-14b-chat-awq", Task.TEXT_GENERATION));
        assertEquals(720, budget.ceiling("@cf/tinyllama/tinyllama-1.1b-chat-v1.0", Task.TEXT_GENERATION));
    }
}

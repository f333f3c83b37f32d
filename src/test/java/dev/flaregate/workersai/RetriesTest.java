package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Retries against a Workers AI that fails and recovers, with the default policy: 3 attempts, 250 ms doubling. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class RetriesTest {

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void outOfCapacityTwiceThenAnAnswer() {
        post(body(LLAMA, "retry-twice [emulate:error=3040] [emulate:times=2]", null))
                .statusCode(200)
                .body("choices[0].message.content", equalTo("You said: retry-twice"));
        assertEquals(3, emulator.callsContaining("retry-twice"));
    }

    @Test
    void outOfCapacityForeverIsA429WithRetryAfterWithinTheBudget() {
        long start = System.nanoTime();
        post(body(LLAMA, "retry-forever [emulate:error=3040]", null))
                .statusCode(429)
                .header("Retry-After", equalTo("1"))
                .body("error.code", equalTo("rate_limit_exceeded"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, emulator.callsContaining("retry-forever"), "the attempt count bounds the retries");
        assertTrue(millis < 3_000, "gave up after " + millis + " ms");
    }

    @Test
    void theDailyAllocationIsNeverRetried() {
        post(body(LLAMA, "quota-gone [emulate:error=3036]", null))
                .statusCode(429)
                .body("error.code", equalTo("insufficient_quota"))
                .header("x-should-retry", equalTo("false"));
        assertEquals(1, emulator.callsContaining("quota-gone"));
    }

    @Test
    void clientErrorsAreNeverRetried() {
        post(body(LLAMA, "bad-input [emulate:error=5006]", null)).statusCode(400);
        assertEquals(1, emulator.callsContaining("bad-input"));
    }

    @Test
    void serverErrorsAreRetried() {
        post(body(LLAMA, "server-hiccup [emulate:error=8005] [emulate:times=1]", null)).statusCode(200);
        assertEquals(2, emulator.callsContaining("server-hiccup"));
    }

    @Test
    void retryAfterIsHonoured() {
        long start = System.nanoTime();
        post(body(LLAMA, "wait-a-second [emulate:error=3040] [emulate:times=1] [emulate:retry-after=1]", null))
                .statusCode(200);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 1_000 && millis <= 1_200 + 100, "waited " + millis + " ms for Retry-After: 1");
    }

    @Test
    void aStreamIsRetriedBeforeItsFirstChunk() {
        HttpResponse<String> response = RawHttp.post(chat,
                body(LLAMA, "stream-retry [emulate:error=3040] [emulate:times=1]", "\"stream\":true"), null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"finish_reason\":\"stop\"") && response.body().endsWith(
                "data: [DONE]\n\n"), response.body());
        assertEquals(2, emulator.callsContaining("stream-retry"));
    }

    @Test
    void aStreamThatFailsAfterItsFirstChunkIsNotRetried() {
        HttpResponse<String> response = RawHttp.post(chat,
                body(LLAMA, "no-replay a b c d [emulate:stream-error=8005]", "\"stream\":true"), null);
        assertTrue(response.body().contains("\"code\":\"workers_ai_8005\""), response.body());
        assertEquals(1, emulator.callsContaining("no-replay"), "nothing the client saw is sent twice");
    }
}

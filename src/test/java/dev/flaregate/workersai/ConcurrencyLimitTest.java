package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Two calls in flight, one waiting: the rest are refused at once, and every place is given back. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(ConcurrencyLimitTest.TwoCalls.class)
class ConcurrencyLimitTest {

    public static class TwoCalls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.workers-ai.max-concurrent-calls", "2",
                    "flaregate.workers-ai.max-queued-calls", "1",
                    "flaregate.workers-ai.queue-timeout", "5s");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void overflowIsA429WithRetryAfterAndQueuedCallsGetTheirTurn() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        calls.add(RawHttp.postAsync(chat, body(LLAMA, "slow stream [emulate:delay=300]", "\"stream\":true")));
        calls.add(RawHttp.postAsync(chat, body(LLAMA, "slow answer [emulate:delay=1000]", null)));
        Thread.sleep(300);
        calls.add(RawHttp.postAsync(chat, body(LLAMA, "waits its turn", null)));
        Thread.sleep(200);
        HttpResponse<String> refused = RawHttp.post(chat, body(LLAMA, "one too many", null), null);

        assertEquals(429, refused.statusCode(), refused.body());
        assertEquals("gateway_overloaded", JsonPath.from(refused.body()).getString("error.code"));
        assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            assertEquals(200, response.statusCode(), response.body());
        }
        assertTrue(calls.get(0).join().body().endsWith("data: [DONE]\n\n"), "the stream held its place to the end");

        // Every place was given back: a full round of calls fits again.
        List<CompletableFuture<HttpResponse<String>>> again = List.of(
                RawHttp.postAsync(chat, body(LLAMA, "again 1", null)),
                RawHttp.postAsync(chat, body(LLAMA, "again 2", null)),
                RawHttp.postAsync(chat, body(LLAMA, "again 3", null)));
        again.forEach(call -> assertEquals(200, call.join().statusCode()));
    }

    @Test
    void aCallThatWaitsTooLongIsRefusedAndLeavesNoPlaceTaken() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> busy = List.of(
                RawHttp.postAsync(chat, body(LLAMA, "busy 1 [emulate:delay=6500]", null)),
                RawHttp.postAsync(chat, body(LLAMA, "busy 2 [emulate:delay=6500]", null)));
        Thread.sleep(300);
        long start = System.nanoTime();
        HttpResponse<String> waited = RawHttp.post(chat, body(LLAMA, "waits in vain", null), null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(429, waited.statusCode(), waited.body());
        assertTrue(millis >= 4_500 && millis < 6_000, "refused after the 5 s queue timeout, not " + millis + " ms");
        busy.forEach(call -> call.join());
        assertEquals(200, RawHttp.post(chat, body(LLAMA, "free again", null), null).statusCode());
    }
}

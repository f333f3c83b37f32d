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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Many more streams than places, a share of their clients gone after the first event: the gateway's teardown of
 * those streams must not fail the calls that wait for their places, and Workers AI is never blamed for it.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(QueuedStreamsTest.FewPlaces.class)
class QueuedStreamsTest {

    private static final int STREAMS = 300;

    public static class FewPlaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.workers-ai.max-concurrent-calls", "16",
                    "flaregate.workers-ai.max-queued-calls", String.valueOf(STREAMS),
                    "flaregate.workers-ai.queue-timeout", "30s");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void clientsLeavingMidStreamNeverFailTheQueuedCalls() throws Exception {
        Scrape before = Scrape.now();
        ExecutorService leavers = Executors.newFixedThreadPool(64);
        List<CompletableFuture<HttpResponse<String>>> readers = new ArrayList<>();
        List<CompletableFuture<Void>> left = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                // Paced a little differently each, so that clients leave at every point of their upstream calls.
                String json = body(LLAMA, "stream " + i + " one two three four five [emulate:delay=" + i % 4 + "]",
                        "\"stream\":true");
                if (i % 3 == 0) {
                    String id = "leaver-" + i;
                    left.add(CompletableFuture.runAsync(() -> RawHttp.leaveAfterFirstEvent(chat, json, id), leavers));
                } else {
                    readers.add(RawHttp.postAsync(chat, json));
                }
            }
            left.forEach(CompletableFuture::join);
            for (CompletableFuture<HttpResponse<String>> reader : readers) {
                HttpResponse<String> response = reader.join();
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
            }
        } finally {
            leavers.shutdownNow();
        }

        Scrape after = Scrape.now();
        assertEquals(0, after.since(before, "flaregate_workers_ai_errors_total", "error_type", "unreachable"),
                "calls failed as unreachable");
        assertEquals(0, after.since(before, "flaregate_workers_ai_errors_total"), "Workers AI calls failed");
        assertEquals(1, after.sum("flaregate_workers_ai_circuit_breaker_state", "state", "closed"));
        assertEquals(0, after.since(before, "flaregate_workers_ai_circuit_breaker_opened_total"));
    }
}

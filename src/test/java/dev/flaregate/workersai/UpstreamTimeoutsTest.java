package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Nothing hangs: a silent upstream ends in a timeout error, in a response and in a stream. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(UpstreamTimeoutsTest.ShortTimeouts.class)
class UpstreamTimeoutsTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.workers-ai.request-timeout", "400ms",
                    "flaregate.workers-ai.first-token-timeout", "400ms",
                    "flaregate.workers-ai.stream-idle-timeout", "400ms");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void aSlowAnswerIs504() {
        post(body(LLAMA, "x [emulate:delay=3000]", null))
                .statusCode(504)
                .body("error.code", equalTo("upstream_timeout"))
                .body("error.type", equalTo("api_error"));
    }

    @Test
    void aStreamWithoutAFirstTokenIsA504BeforeAnythingIsSent() {
        HttpResponse<String> response = RawHttp.post(chat,
                body(LLAMA, "a b [emulate:first-delay=3000]", "\"stream\":true"), null);
        assertEquals(504, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"upstream_timeout\""), response.body());
        assertTrue(response.body().contains("first token"), response.body());
    }

    @Test
    void aStreamThatFallsSilentEndsWithATimeoutEvent() {
        long start = System.nanoTime();
        HttpResponse<String> response = RawHttp.post(chat, body(LLAMA, "a b c [emulate:delay=3000]", "\"stream\":true"),
                null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, response.statusCode(), "the first frame came at once, so the stream had started");
        assertTrue(response.body().contains("\"code\":\"upstream_timeout\""), response.body());
        assertTrue(response.body().endsWith("data: [DONE]\n\n"));
        assertTrue(millis < 2500, "gave up after the idle timeout, not the upstream's pace: " + millis + " ms");
    }

    @Test
    void aStreamThatKeepsProducingIsNeverCut() {
        // 12 frames 150 ms apart: 1.8 s in all, far over the 400 ms idle limit, never silent for long.
        HttpResponse<String> response = RawHttp.post(chat,
                body(LLAMA, "a b c d e f g [emulate:delay=150]", "\"stream\":true"), null);
        assertTrue(response.body().contains("\"finish_reason\":\"stop\""), response.body());
        assertTrue(!response.body().contains("\"error\""), response.body());
    }
}

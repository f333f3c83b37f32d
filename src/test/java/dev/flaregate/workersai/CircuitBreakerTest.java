package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A Workers AI that keeps failing is left alone for a while, then tried again with a trial call: longer each time
 * the trial fails, short again once one has succeeded; and the metrics say so.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
class CircuitBreakerTest {

    public static class SmallBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flaregate.workers-ai.retry.max-attempts", "1",
                    "flaregate.workers-ai.breaker.request-volume", "4",
                    "flaregate.workers-ai.breaker.failure-ratio", "0.5",
                    "flaregate.workers-ai.breaker.delay", "1s",
                    "flaregate.workers-ai.breaker.max-delay", "4s",
                    "flaregate.workers-ai.breaker.success-threshold", "1");
        }
    }

    @InjectEmulator
    Emulator emulator;

    @Test
    void opensOnServerErrorsFailsFastWhileOpenAndClosesAfterATrialSucceeds() throws InterruptedException {
        // Client errors are Workers AI working as it should: they never open the breaker.
        for (int i = 0; i < 4; i++) {
            post(body(LLAMA, "client-fault " + i + " [emulate:error=5006]", null)).statusCode(400);
        }
        post(body(LLAMA, "still-closed", null)).statusCode(200);
        assertBreaker("closed", 0);

        // The window holds the last 4 calls: with the 5 successes above, the second fault makes half of them.
        post(body(LLAMA, "server-fault 1 [emulate:error=8005]", null)).statusCode(502);
        post(body(LLAMA, "server-fault 2 [emulate:error=8005]", null)).statusCode(502);
        post(body(LLAMA, "while-open", null))
                .statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error.code", equalTo("upstream_circuit_open"));
        assertEquals(0, emulator.callsContaining("while-open"), "an open breaker does not call Workers AI");
        assertBreaker("open", 1);

        // A failed trial call opens it for twice as long.
        Thread.sleep(1_100);
        post(body(LLAMA, "failed trial [emulate:error=8005]", null)).statusCode(502);
        assertBreaker("open", 2);
        post(body(LLAMA, "still open", null)).statusCode(503).header("Retry-After", equalTo("2"));
        Thread.sleep(1_100);
        post(body(LLAMA, "open for longer", null)).statusCode(503);
        assertEquals(0, emulator.callsContaining("open for longer"));

        Thread.sleep(1_000);
        post(body(LLAMA, "good trial", null)).statusCode(200);
        post(body(LLAMA, "closed-again", null)).statusCode(200);
        assertBreaker("closed", 2);

        // Closed again, with a window of its own (one success so far), and the next opening is a short one.
        for (int i = 0; i < 3; i++) {
            post(body(LLAMA, "fault again " + i + " [emulate:error=8005]", null)).statusCode(502);
        }
        post(body(LLAMA, "short again", null)).statusCode(503).header("Retry-After", equalTo("1"));
        assertBreaker("open", 3);
    }

    private static void assertBreaker(String state, int timesOpened) {
        Scrape metrics = Scrape.now();
        for (String each : new String[] {"closed", "open", "half_open"}) {
            assertEquals(each.equals(state) ? 1 : 0,
                    metrics.sum("flaregate_workers_ai_circuit_breaker_state", "state", each), each);
        }
        assertEquals(timesOpened, metrics.sum("flaregate_workers_ai_circuit_breaker_opened_total"));
        assertEquals(0, metrics.sum("ft_invocations_total"), "fault tolerance's own metrics stay off");
    }
}

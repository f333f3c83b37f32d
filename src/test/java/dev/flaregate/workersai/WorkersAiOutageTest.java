package dev.flaregate.workersai;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Workers AI down for seconds, connections refused, with the default breaker and retries: the breaker opens,
 * and once Workers AI is back requests succeed again within seconds, not after the longest open period.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class WorkersAiOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration PACE = Duration.ofMillis(100);

    @InjectEmulator
    Emulator emulator;

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @Test
    void requestsSucceedWithinTenSecondsOfWorkersAisReturn() throws InterruptedException {
        assertEquals(200, chat("before").statusCode());
        emulator.goDown();
        long down = System.nanoTime();
        int refused = 0;
        while (System.nanoTime() - down < OUTAGE.toNanos()) {
            HttpResponse<String> response = chat("during");
            assertTrue(response.statusCode() == 502 || response.statusCode() == 503, response.body());
            refused += response.statusCode() == 503 ? 1 : 0;
            Thread.sleep(PACE.toMillis());
        }
        assertTrue(refused > 0, "the breaker opened during the outage");
        assertEquals(1, Scrape.now().sum("flaregate_workers_ai_circuit_breaker_state", "state", "open")
                + Scrape.now().sum("flaregate_workers_ai_circuit_breaker_state", "state", "half_open"));

        emulator.comeBack();
        long back = System.nanoTime();
        while (chat("after").statusCode() != 200) {
            assertTrue(System.nanoTime() - back < Duration.ofSeconds(10).toNanos(), "no success within 10 s");
            Thread.sleep(PACE.toMillis());
        }
        long millis = (System.nanoTime() - back) / 1_000_000;
        System.out.printf("Requests succeeded again %d ms after Workers AI came back%n", millis);
        assertEquals(200, chat("closed again").statusCode());
        assertEquals(1, Scrape.now().sum("flaregate_workers_ai_circuit_breaker_state", "state", "closed"));
    }

    private HttpResponse<String> chat(String text) {
        return RawHttp.post(chat, body(LLAMA, text, null), null);
    }
}

package dev.flaregate.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.PackagedGateway;

/**
 * SIGTERM with a stream in flight, on the packaged gateway (on its emulator, streaming slowly): readiness goes down
 * at once, new requests are served during the shutdown delay and refused after it, the stream that was running
 * ends complete, and then the process exits.
 */
class GracefulShutdownIT {

    private static final Duration SHUTDOWN_DELAY = Duration.ofMillis(1500);
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private static final HttpClient HTTP = PackagedGateway.HTTP;

    private PackagedGateway gateway;

    @Test
    void aStreamInFlightAtSigtermCompletesAndTheProcessThenExits() throws Exception {
        // On its emulator, streaming a token every 100 ms.
        gateway = PackagedGateway.start("graceful-shutdown-it", Map.of(
                "flaregate.emulator.token-interval", "100ms",
                "quarkus.shutdown.delay", SHUTDOWN_DELAY.toMillis() + "ms",
                "quarkus.shutdown.timeout", "30s"));
        String words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        List<String> lines = new ArrayList<>();
        CountDownLatch firstChunk = new CountDownLatch(1);
        CompletableFuture<Void> stream = HTTP.sendAsync(gateway.chat(words, true).build(),
                HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    assertEquals(200, response.statusCode());
                    response.body().forEach(line -> {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.startsWith("data: {")) {
                            firstChunk.countDown();
                        }
                    });
                });
        assertTrue(firstChunk.await(30, TimeUnit.SECONDS), "the stream never started");

        long sigterm = System.nanoTime();
        gateway.process().destroy();

        assertEquals(503, gateway.awaitStatus("/q/health/ready", 503), "readiness did not go down");
        HttpResponse<String> duringDelay = gateway.send(gateway.chat("still here", false));
        assertTrue(System.nanoTime() - sigterm < SHUTDOWN_DELAY.toNanos(), "too slow to test the delay");
        assertEquals(200, duringDelay.statusCode(), duringDelay.body());
        assertEquals("close", duringDelay.headers().firstValue("connection").orElse(""));

        Thread.sleep(SHUTDOWN_DELAY.toMillis());
        HttpResponse<String> afterDelay = gateway.send(gateway.chat("too late", false));
        assertEquals(503, afterDelay.statusCode(), afterDelay.body());
        assertTrue(afterDelay.body().contains("\"code\":\"server_shutting_down\""), afterDelay.body());
        assertEquals("1", afterDelay.headers().firstValue("retry-after").orElse(""));

        stream.get(30, TimeUnit.SECONDS);
        assertTrue(gateway.process().waitFor(30, TimeUnit.SECONDS), "the gateway did not exit after its streams ended");
        String text;
        synchronized (lines) {
            assertEquals("data: [DONE]", lines.get(lines.size() - 2), String.join("\n", lines));
            text = lines.stream().map(CONTENT::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .collect(Collectors.joining());
        }
        assertEquals("You said: " + words, text);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }
}

package dev.flaregate.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with a stream in flight, on the packaged gateway (on its emulator, streaming slowly): readiness goes down
 * at once, new requests are served during the shutdown delay and refused after it, the stream that was running
 * ends complete, and then the process exits.
 */
class GracefulShutdownIT {

    private static final Duration SHUTDOWN_DELAY = Duration.ofMillis(1500);
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Process gateway;

    @Test
    void aStreamInFlightAtSigtermCompletesAndTheProcessThenExits() throws Exception {
        String base = start();
        String words = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
        List<String> lines = new ArrayList<>();
        CountDownLatch firstChunk = new CountDownLatch(1);
        CompletableFuture<Void> stream = HTTP.sendAsync(chat(base, words, true), HttpResponse.BodyHandlers.ofLines())
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
        gateway.destroy();

        assertEquals(503, awaitStatus(base + "/q/health/ready", 503), "readiness did not go down");
        HttpResponse<String> duringDelay = HTTP.send(chat(base, "still here", false),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(System.nanoTime() - sigterm < SHUTDOWN_DELAY.toNanos(), "too slow to test the delay");
        assertEquals(200, duringDelay.statusCode(), duringDelay.body());
        assertEquals("close", duringDelay.headers().firstValue("connection").orElse(""));

        Thread.sleep(SHUTDOWN_DELAY.toMillis());
        HttpResponse<String> afterDelay = HTTP.send(chat(base, "too late", false),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, afterDelay.statusCode(), afterDelay.body());
        assertTrue(afterDelay.body().contains("\"code\":\"server_shutting_down\""), afterDelay.body());
        assertEquals("1", afterDelay.headers().firstValue("retry-after").orElse(""));

        stream.get(30, TimeUnit.SECONDS);
        assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway did not exit after its streams ended");
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
            gateway.destroyForcibly();
        }
    }

    /** The packaged gateway on its emulator (no credentials), streaming a token every 100 ms. */
    private String start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java,
                "-Dquarkus.http.port=" + port,
                "-Dflaregate.emulator.token-interval=100ms",
                "-Dquarkus.shutdown.delay=" + SHUTDOWN_DELAY.toMillis() + "ms",
                "-Dquarkus.shutdown.timeout=30s",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/graceful-shutdown-it.log"));
        builder.environment().remove("CLOUDFLARE_ACCOUNT_ID");
        builder.environment().remove("CLOUDFLARE_API_TOKEN");
        gateway = builder.start();
        String base = "http://127.0.0.1:" + port;
        assertEquals(200, awaitStatus(base + "/q/health/ready", 200), "the gateway did not become ready");
        return base;
    }

    private static int awaitStatus(String url, int wanted) throws InterruptedException {
        int status = -1;
        for (int i = 0; i < 300 && status != wanted; i++) {
            try {
                status = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            if (status != wanted) {
                Thread.sleep(100);
            }
        }
        return status;
    }

    private static HttpRequest chat(String base, String text, boolean stream) {
        String body = "{\"model\":\"@cf/meta/llama-3.1-8b-instruct\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}

package dev.flaregate.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.PackagedGateway;
import dev.flaregate.testing.RedisServer;

/**
 * The burst, scaled to a budget of 100: 330 calls to one model sent at once, to one packaged gateway and
 * split over two that share one Redis. Workers AI (each gateway's built-in emulator, which counts the calls it
 * ran) must receive at most the budget within the minute, and every other call must get the gateway's 429 with a
 * Retry-After. Prints the figures docs/limits.md quotes.
 */
class UpstreamBurstIT {

    private static final String MODEL = "@cf/meta/llama-3.1-8b-instruct";
    private static final int BUDGET = 100;
    private static final int BURST = 330;
    private static final Pattern REQUESTS = Pattern.compile("\"requests\"\\s*:\\s*(\\d+)");

    @Test
    void oneInstanceLetsAtMostTheBudgetThrough() throws Exception {
        int emulatorPort = freePort();
        try (PackagedGateway gateway = PackagedGateway.start("upstream-burst-it-alone", config(emulatorPort, null))) {
            burst("one instance", List.of(gateway), List.of(emulatorPort));
        }
    }

    @Test
    void twoInstancesSharingRedisLetAtMostTheBudgetThroughTogether() throws Exception {
        int firstEmulator = freePort();
        int secondEmulator = freePort();
        try (RedisServer redis = RedisServer.start("upstream-burst-it");
                PackagedGateway first = PackagedGateway.start("upstream-burst-it-1", config(firstEmulator, redis));
                PackagedGateway second = PackagedGateway.start("upstream-burst-it-2",
                        config(secondEmulator, redis))) {
            burst("two instances, one Redis", List.of(first, second), List.of(firstEmulator, secondEmulator));
            for (PackagedGateway replica : List.of(first, second)) {
                HttpResponse<String> ready = replica.send(HttpRequest.newBuilder(
                        URI.create(replica.baseUrl() + "/q/health/ready")));
                assertTrue(ready.body().replace(" ", "").contains("\"counted\":\"shared\""),
                        "the limits stayed shared through the burst: " + ready.body());
            }
        }
    }

    private static Map<String, String> config(int emulatorPort, RedisServer redis) {
        Map<String, String> config = new HashMap<>(Map.of(
                "flaregate.upstream-budget.models", MODEL + "=" + BUDGET,
                "flaregate.emulator.port", Integer.toString(emulatorPort),
                "flaregate.emulator.token-interval", "0ms"));
        if (redis != null) {
            config.put("flaregate.redis.url", redis.url());
            config.put("flaregate.redis.expected-replicas", "2");
        }
        return config;
    }

    private static void burst(String label, List<PackagedGateway> gateways, List<Integer> emulatorPorts)
            throws Exception {
        long upstreamBefore = upstreamCalls(emulatorPorts);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            PackagedGateway gateway = gateways.get(i % gateways.size());
            calls.add(PackagedGateway.HTTP.sendAsync(gateway.chat("burst " + i, false).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.join();
            if (response.statusCode() == 200) {
                ok++;
                continue;
            }
            assertEquals(429, response.statusCode(), response.body());
            assertTrue(response.body().contains("upstream budget"), response.body());
            int retryAfter = Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
            refused++;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long upstream = upstreamCalls(emulatorPorts) - upstreamBefore;
        System.out.printf("Burst figures (%s): %d calls at once in %d ms, budget %d a minute: Workers AI received %d,"
                + " 200: %d, 429: %d%n", label, BURST, millis, BUDGET, upstream, ok, refused);
        assertTrue(upstream <= BUDGET, "Workers AI received " + upstream + " calls for a budget of " + BUDGET);
        assertEquals(upstream, ok, "each answered call is one Workers AI call");
        assertEquals(BURST, ok + refused);
    }

    /** The calls the emulators ran, as their {@code /__emulator/stats} count them. */
    private static long upstreamCalls(List<Integer> emulatorPorts) throws Exception {
        long calls = 0;
        for (int port : emulatorPorts) {
            String stats = PackagedGateway.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/__emulator/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = REQUESTS.matcher(stats);
            assertTrue(matcher.find(), stats);
            calls += Long.parseLong(matcher.group(1));
        }
        return calls;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

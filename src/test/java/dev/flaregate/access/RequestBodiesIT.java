package dev.flaregate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flaregate.testing.PackagedGateway;
import dev.flaregate.testing.RawConnection;
import dev.flaregate.testing.RawConnection.Answer;
import io.restassured.path.json.JsonPath;

/**
 * Request bodies as hostile and unusual clients send them, over real sockets to the packaged gateway with the
 * overlay's heap: bodies held open without a key, more held bodies than the allowance, bodies too slow, and chunked
 * bodies of every size up to the limit.
 */
class RequestBodiesIT {

    private static final String KEY_A = "uploads-a-7f3c2e9b1d5a4c8e";
    private static final String KEY_B = "uploads-b-2a9d4f7c1e8b3a6d";
    private static final String KEY_C = "uploads-c-9e1b5d3a7c2f8e4b";
    private static final List<String> HEAP = List.of("-Xmx256m");
    private static final int MIB = 1 << 20;

    private PackagedGateway gateway;
    private final List<RawConnection> held = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (RawConnection connection : held) {
            connection.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Map<String, String> keys(String... more) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("flaregate.api-keys",
                "a:" + KEY_A + ",b:" + KEY_B + ",c:" + KEY_C));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void chunkedUploadsWithoutAKeyAreRefusedBeforeTheirBodyAndMemoryStaysFlat() throws Exception {
        gateway = PackagedGateway.start("request-bodies-no-key", keys(), HEAP);
        long before = gateway.rssMb();
        byte[] megabyte = filler(MIB);
        long slowest = 0;
        for (int i = 0; i < 60; i++) {
            RawConnection upload = hold(RawConnection.open(gateway.baseUrl())
                    .write(RawConnection.postHead("/v1/chat/completions", null)));
            upload.tryWrite(RawConnection.chunk(megabyte));
            long sent = upload.millis();
            Answer answer = upload.answer(Duration.ofSeconds(5));
            assertEquals(401, answer.status(), answer.head());
            assertEquals("invalid_api_key", JsonPath.from(answer.body()).getString("error.code"));
            slowest = Math.max(slowest, answer.atMillis() - sent);
        }
        assertLive();
        long after = gateway.rssMb();
        System.out.printf("60 held chunked uploads without a key: RSS %d -> %d MiB, slowest 401 after %d ms%n",
                before, after, slowest);
        assertTrue(slowest < 1000, "a 401 took " + slowest + " ms");
        assertTrue(after - before < 64, "RSS grew from " + before + " to " + after + " MiB");
    }

    @Test
    void heldBodiesPastTheAllowanceAreRefusedAtOnceAndTheHeldOnesTimeOut() throws Exception {
        gateway = PackagedGateway.start("request-bodies-held", keys(
                "flaregate.request-bodies.max-in-flight", "24M",
                "flaregate.request-bodies.max-in-flight-per-key", "12M",
                "flaregate.request-bodies.timeout", "8s"), HEAP);
        List<RawConnection> accepted = new ArrayList<>();
        List<Integer> refusals = new ArrayList<>();
        for (String key : List.of(KEY_A, KEY_A, KEY_A, KEY_A, KEY_B, KEY_B, KEY_B, KEY_B, KEY_C)) {
            RawConnection upload = hold(RawConnection.open(gateway.baseUrl()).write(RawConnection.postHead(
                    "/v1/chat/completions", 4L * MIB, "Authorization: Bearer " + key)));
            upload.tryWrite(filler(MIB));
            Answer answer = upload.answer(Duration.ofMillis(500));
            if (answer.status() == 0) {
                accepted.add(upload);
            } else {
                refusals.add(answer.status());
                assertTrue(answer.head().toLowerCase().contains("retry-after: 1"), answer.head());
                JsonPath error = JsonPath.from(answer.body());
                assertEquals(answer.status() == 429 ? "too_many_uploads" : "gateway_overloaded",
                        error.getString("error.code"), answer.body());
            }
            assertLive();
        }
        // Each key holds three 4 MiB bodies (12 MiB); the fourth of each key is over the key's allowance, and
        // then the instance's 24 MiB are taken, so the third key gets a 503.
        assertEquals(6, accepted.size(), "refusals " + refusals);
        assertEquals(List.of(429, 429, 503), refusals);
        System.out.printf("held uploads: RSS %d MiB with 24 MiB of bodies held%n", gateway.rssMb());

        for (RawConnection upload : accepted) {
            Answer late = upload.answer(Duration.ofSeconds(10));
            assertEquals(408, late.status(), late.head());
            assertEquals("request_timeout", JsonPath.from(late.body()).getString("error.code"));
            assertTrue(late.atMillis() >= 7500, "timed out after " + late.atMillis() + " ms");
        }
        // What the timed-out bodies held is free again.
        assertEquals(200, gateway.send(gateway.chat("after the hold", false)
                .header("Authorization", "Bearer " + KEY_C)).statusCode());
    }

    @Test
    void chunkedBodiesOfEverySizeUpToTheLimitAreServedAsDeclaredOnesAre() throws Exception {
        gateway = PackagedGateway.start("request-bodies-chunked", Map.of(), HEAP);
        for (int size : new int[] {10 * 1024, 10 * 1024 + 1, MIB, 10 * MIB - 4096}) {
            byte[] body = chat(size);
            int[] tokens = new int[2];
            for (int chunked = 0; chunked < 2; chunked++) {
                try (RawConnection upload = RawConnection.open(gateway.baseUrl())) {
                    upload.write(RawConnection.postHead("/v1/chat/completions",
                            chunked == 1 ? null : (long) body.length));
                    if (chunked == 1) {
                        for (int at = 0; at < body.length; at += 64 * 1024) {
                            upload.write(RawConnection.chunk(Arrays.copyOfRange(body, at,
                                    Math.min(body.length, at + 64 * 1024))));
                        }
                        upload.write("0\r\n\r\n");
                    } else {
                        upload.write(body);
                    }
                    Answer answer = upload.answer(Duration.ofSeconds(30));
                    assertEquals(200, answer.status(), size + " bytes, chunked " + chunked + ": " + answer.body());
                    tokens[chunked] = JsonPath.from(answer.body()).getInt("usage.prompt_tokens");
                }
            }
            assertEquals(tokens[0], tokens[1], "the chunked body of " + size + " bytes was read differently");
        }
    }

    private RawConnection hold(RawConnection connection) {
        held.add(connection);
        return connection;
    }

    private void assertLive() throws Exception {
        long start = System.nanoTime();
        int status = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/q/health/live"))
                .timeout(Duration.ofSeconds(2))).statusCode();
        assertEquals(200, status);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "liveness took " + millis + " ms");
    }

    /** A chat request of exactly {@code size} bytes. */
    private static byte[] chat(int size) {
        String head = "{\"model\":\"@cf/meta/llama-3.1-8b-instruct\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}]}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }
}

package dev.flaregate.http;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * What the gateway gives away and what it lets in, with the default configuration: no Server or framework version
 * header on any answer, CORS off (a browser's preflight gets no permission), and a body over the limit refused in
 * OpenAI's envelope whether its length was declared or it came in chunks.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class HardeningTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    private HttpResponse<String> send(String method, String path, String json, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noAnswerNamesTheServerOrItsFramework() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                send("POST", "v1/chat/completions", body(LLAMA, "hello", null), Map.of()),
                send("POST", "v1/chat/completions", body(LLAMA, "hello", "\"stream\":true"), Map.of()),
                send("POST", "v1/chat/completions", body(LLAMA, "[emulate:error=8005]", null), Map.of()),
                send("POST", "v1/chat/completions", "{\"model\":", Map.of()),
                send("GET", "v1/models", null, Map.of()),
                send("GET", "v1/nothing-here", null, Map.of()),
                send("GET", "q/health/ready", null, Map.of()),
                send("GET", "q/health/live", null, Map.of()),
                send("GET", "q/metrics", null, Map.of()),
                send("GET", "q/nothing-here", null, Map.of()),
                send("POST", "v1/chat/completions", body(LLAMA, "x".repeat(11 << 20), null), Map.of()));
        for (HttpResponse<String> answer : answers) {
            answer.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase();
                assertTrue(!lower.equals("server") && !lower.equals("x-powered-by") && !lower.contains("version"),
                        answer.uri() + " (" + answer.statusCode() + ") sends " + name + ": " + values);
                values.forEach(value -> assertTrue(!value.toLowerCase().contains("quarkus")
                        && !value.toLowerCase().contains("vert.x"), name + ": " + value));
            });
        }
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        HttpResponse<String> preflight = send("OPTIONS", "v1/chat/completions", null, Map.of(
                "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type"));
        assertEquals(Optional.empty(), preflight.headers().firstValue("Access-Control-Allow-Origin"),
                "a preflight was allowed");
        HttpResponse<String> fromPage = send("POST", "v1/chat/completions", body(LLAMA, "hi", null),
                Map.of("Origin", "https://app.example.com"));
        assertEquals(Optional.empty(), fromPage.headers().firstValue("Access-Control-Allow-Origin"));
    }

    @Test
    void aChunkedBodyOverTheLimitIsA413InTheEnvelopeToo() throws Exception {
        byte[] head = "{\"model\":\"@cf/meta/llama-3.1-8b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\""
                .getBytes(StandardCharsets.UTF_8);
        byte[] filler = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(filler, (byte) 'x');
        HttpRequest request = HttpRequest.newBuilder(base.resolve("v1/chat/completions"))
                .header("Content-Type", "application/json")
                // No declared length: Java's client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream(head), new ByteArrayInputStream(filler))))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("request_too_large", JsonPath.from(response.body()).getString("error.code"), response.body());

        // A chunked body within the limit is read once, here, and still reaches the endpoint whole.
        HttpRequest small = HttpRequest.newBuilder(base.resolve("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        body(LLAMA, "sent in chunks", null).getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> served = HTTP.send(small, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode(), served.body());
        assertTrue(served.body().contains("You said: sent in chunks"), served.body());
    }
}

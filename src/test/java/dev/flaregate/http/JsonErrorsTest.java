package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.RawHttp.Exchange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Malformed bodies of every kind, sent as raw bytes to the three JSON endpoints: each gets a 400 in OpenAI's
 * envelope whose message says what is wrong in the client's terms, never in ours (a Java type, a Jackson feature).
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class JsonErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";
    private static final String COMPLETIONS = "/v1/completions";
    private static final String EMBEDDINGS = "/v1/embeddings";
    private static final String LLAMA = "\"model\":\"@cf/meta/llama-3.1-8b-instruct\"";
    private static final String BGE = "\"model\":\"@cf/baai/bge-base-en-v1.5\"";
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final List<String> INTERNALS = List.of("dev.flaregate", "com.fasterxml", "Jackson",
            "JsonReadFeature", "StreamReadConstraints", "java.", "Exception", "class ", "[Source:",
            "through reference chain");

    @TestHTTPResource("/")
    URI base;

    private static String chat(String extra) {
        return "{" + LLAMA + "," + HI + extra + "}";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                // Truncated, or not JSON at all
                body(CHAT, "{\"model\":"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi"),
                body(CHAT, "{\"model\": x}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}"),
                body(CHAT, ""),
                body(CHAT, "null"),
                // Numbers JSON does not have, or too large for their field
                body(CHAT, chat(",\"temperature\":NaN")),
                body(CHAT, chat(",\"temperature\":Infinity")),
                body(CHAT, chat(",\"top_p\":-Infinity")),
                body(CHAT, chat(",\"max_tokens\":99999999999999")),
                body(CHAT, chat(",\"max_tokens\":1e400")),
                body(CHAT, chat(",\"seed\":" + "9".repeat(10_000))),
                body(CHAT, chat(",\"max_tokens\":007")),
                // Wrong types, field by field
                body(CHAT, chat(",\"temperature\":\"hot\"")),
                body(CHAT, chat(",\"temperature\":\"" + "x".repeat(1_000_000) + "\"")),
                body(CHAT, chat(",\"max_tokens\":\"ten\"")),
                body(CHAT, chat(",\"stream\":\"yes\"")),
                body(CHAT, chat(",\"stream_options\":5")),
                body(CHAT, chat(",\"tools\":{}")),
                body(CHAT, chat(",\"n\":[1]")),
                body(CHAT, "{\"model\":{}," + HI + "}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":\"hi\"}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[1]}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":[\"user\"],\"content\":\"hi\"}]}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":{}}]}"),
                // Not an object at the top
                body(CHAT, "[]"),
                body(CHAT, "[{" + LLAMA + "," + HI + "}]"),
                body(CHAT, "\"hello\""),
                body(CHAT, "42"),
                // Nesting, and what follows the object
                body(CHAT, "{\"a\":".repeat(2000)),
                body(CHAT, chat(",\"stop\":" + "[".repeat(1200) + "]".repeat(1200))),
                body(CHAT, chat("") + " trailing"),
                body(CHAT, chat("") + chat("")),
                // Bytes and characters JSON does not allow
                bytes(CHAT, utf8("{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\""),
                        new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("\"}]}")),
                bytes(CHAT, utf8("{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"caf"),
                        new byte[] {(byte) 0xc3}, utf8("\"}]}")),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"a\u0001b\"}]}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"a\\qb\"}]}"),
                body(CHAT, "{" + LLAMA + ",/* a comment */" + HI + "}"),
                body(CHAT, "{" + LLAMA + ", // a comment\n" + HI + "}"),
                body(CHAT, "{" + LLAMA + "," + HI + ",}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},]}"),
                body(CHAT, "{'model':'@cf/meta/llama-3.1-8b-instruct'}"),
                body(CHAT, "{" + LLAMA + ",\"messages\":tru" + "e".repeat(5000) + "}"),
                // The legacy completions
                body(COMPLETIONS, "{" + LLAMA + ",\"prompt\":"),
                body(COMPLETIONS, "{" + LLAMA + ",\"prompt\":\"hi\",\"max_tokens\":\"ten\"}"),
                body(COMPLETIONS, "{" + LLAMA + ",\"prompt\":\"hi\",\"temperature\":NaN}"),
                body(COMPLETIONS, "{" + LLAMA + ",\"prompt\":\"hi\",\"n\":\"two\"}"),
                body(COMPLETIONS, "[{" + LLAMA + ",\"prompt\":\"hi\"}]"),
                // Embeddings
                body(EMBEDDINGS, "{" + BGE + ",\"input\":\"hi\",\"dimensions\":\"x\"}"),
                body(EMBEDDINGS, "{" + BGE + ",\"input\":\"hi\",\"encoding_format\":[1]}"),
                body(EMBEDDINGS, "{" + BGE + ",\"input\":\"hi\",\"dimensions\":1e400}"),
                body(EMBEDDINGS, "{" + BGE + ",\"input\":\"hi\",}"),
                body(EMBEDDINGS, "{" + BGE + ",\"input\":\"a\u0000b\"}"),
                body(EMBEDDINGS, "\"text\""));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void isA400InTheEnvelopeInPlainWords(String path, byte[] body) throws Exception {
        Exchange answer = post(path, body);
        assertEquals(400, answer.status(), answer.head() + "\n" + answer.body());
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertTrue(error != null && error.isObject(), answer.body());
        assertEquals(List.of("message", "type", "param", "code"), fieldNames(error), answer.body());
        assertEquals("invalid_request_error", error.get("type").asText());
        String message = error.get("message").asText();
        INTERNALS.forEach(internal -> assertFalse(message.contains(internal), internal + " in: " + message));
    }

    @Test
    void messagesNameTheFieldAndTheProblem() throws Exception {
        assertError(CHAT, chat(",\"temperature\":\"hot\""), "'temperature' must be a number", "temperature");
        assertError(CHAT, "{\"model\": x}", "Invalid JSON in the request body at line 1, column 11: unexpected text 'x'",
                null);
        assertError(CHAT, chat(",\"temperature\":NaN"), "numbers such as NaN and Infinity are not valid JSON", null);
        assertError(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":[\"user\"],\"content\":\"hi\"}]}",
                "'messages[0].role' must be a string", "messages[0].role");
        assertError(CHAT, "{" + LLAMA + ",\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]}",
                "'messages[0].content': expected a string or an array of content parts", "messages[0].content");
        assertError(CHAT, "[]", "The request body must be a JSON object", null);
        assertError(EMBEDDINGS, "{" + BGE + ",\"input\":\"hi\",\"dimensions\":\"x\"}",
                "'dimensions' must be an integer", "dimensions");
    }

    private void assertError(String path, String body, String message, String param) throws Exception {
        Exchange answer = post(path, utf8(body));
        JsonNode error = JSON.readTree(answer.body()).get("error");
        assertTrue(error.get("message").asText().contains(message), answer.body());
        assertEquals(param, error.get("param").isNull() ? null : error.get("param").asText(), answer.body());
    }

    private Exchange post(String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head);
        request.writeBytes(body);
        return RawHttp.exchange(base, request.toByteArray());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Arguments body(String path, String json) {
        return bytes(path, utf8(json));
    }

    private static Arguments bytes(String path, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return Arguments.of(path, body.toByteArray());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.flaregate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import dev.flaregate.testing.RawHttp.Exchange;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Paths that climb out of where they seem to point, sent as raw bytes (Java's client would resolve the dots
 * before sending): each is refused with a 400 in OpenAI's envelope, Quarkus' own paths included, and paths that
 * only look alike are served.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class PathSegmentsTest {

    @TestHTTPResource("/")
    URI base;

    private Exchange get(String target) {
        return RawHttp.exchange(base, ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/models/%2e%2e/%2e%2e/q/metrics",
            "/v1/models/%2E%2E/%2E%2E/q/metrics",
            "/v1/models/.%2e/%2E./q/metrics",
            "/v1/models/../../q/metrics",
            "/v1/./models",
            "/v1/models/.",
            "/v1/models/%2e",
            "/%2e%2e/q/health",
            "/q/../q/metrics",
            "/q/%2e%2e/q/metrics",
            "/q/health/./ready",
            "/v1/models/..%2f..%2fq%2fmetrics",
            "/v1/models/..%2F..%2Fq%2Fmetrics",
            "/v1/models/..%5c..%5cq%5cmetrics",
            "/v1/models/..;/..;/q/metrics",
            "/v1/models/%252e%252e/%252e%252e/q/metrics",
            "/v1/chat/completions/..",
            "http://localhost/v1/models/../../q/metrics"})
    void aDotSegmentIsRefused(String target) {
        Exchange answer = get(target);
        assertEquals(400, answer.status(), target + ": " + answer.head());
        JsonPath error = JsonPath.from(answer.body());
        assertEquals("invalid_request_error", error.getString("error.type"), answer.body());
        assertEquals("invalid_path", error.getString("error.code"), answer.body());
        assertTrue(error.getMap("error").keySet().containsAll(List.of("message", "type", "param", "code")));
        assertFalse(answer.body().contains("# TYPE"), "the metrics were served for " + target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/v1/models",
            "/v1/models/@cf/meta/llama-3.1-8b-instruct",
            "/v1/models/%40cf%2Fmeta%2Fllama-3.1-8b-instruct",
            "/q/health/ready"})
    void aPathThatOnlyLooksAlikeIsServed(String target) {
        Exchange answer = get(target);
        assertEquals(200, answer.status(), target + ": " + answer.head());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/models/...", "/v1/models/.hidden", "/v1/models/a..b", "/v1/models/%2e%2e%2e"})
    void dotsInsideANameAreNoSegmentOfTheirOwn(String target) {
        Exchange answer = get(target);
        assertFalse(answer.body().contains("invalid_path"), target + ": " + answer.body());
    }
}

package dev.flaregate.metrics;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.body;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * The access log: one line per request with its fields, written when the response ends, and neither the prompt nor
 * the Cloudflare token in any log line. Log records are caught by a handler on the root logger; the same lines also
 * go to a file in the JSON format, to show the fields come out one by one for log collectors.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@TestProfile(AccessLogTest.JsonFileLog.class)
class AccessLogTest {

    private static final Path JSON_LOG = Path.of("target", "access-log-test.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Words no log line may ever carry. */
    private static final String PROMPT = "zebra quokka marmalade";

    public static class JsonFileLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", JSON_LOG.toString(),
                    "quarkus.log.file.json.enabled", "true");
        }
    }

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    private final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Handler catcher = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    /** Request ids of this run, as the log file outlives it. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void catchLogs() {
        Logger.getLogger("").addHandler(catcher);
    }

    @AfterEach
    void stopCatching() {
        Logger.getLogger("").removeHandler(catcher);
    }

    @Test
    void oneLinePerRequestWithItsFieldsAndTokens() throws Exception {
        JsonPath answer = chat("plain", body(LLAMA, PROMPT, null)).statusCode(200).extract().jsonPath();
        Map<String, String> plain = accessLine("plain");
        assertEquals("POST", plain.get("method"));
        assertEquals("/v1/chat/completions", plain.get("path"));
        assertEquals("200", plain.get("status"));
        assertTrue(plain.get("duration_ms").matches("\\d+"), plain.toString());
        assertEquals(LLAMA, plain.get("model"));
        assertEquals("false", plain.get("stream"));
        assertEquals(answer.getString("usage.prompt_tokens"), plain.get("input_tokens"));
        assertEquals(answer.getString("usage.completion_tokens"), plain.get("output_tokens"));
        assertFalse(plain.containsKey("error"));

        String events = chat("stream", body(LLAMA, PROMPT,
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}")).statusCode(200).extract().asString();
        JsonPath usage = JsonPath.from(Arrays.stream(events.split("\n\n")).filter(e -> e.contains("\"usage\":{"))
                .findFirst().orElseThrow().substring("data: ".length()));
        Map<String, String> stream = accessLine("stream");
        assertEquals("true", stream.get("stream"));
        assertEquals(usage.getString("usage.prompt_tokens"), stream.get("input_tokens"), "logged when it ended");
        assertEquals(usage.getString("usage.completion_tokens"), stream.get("output_tokens"));

        chat("unknown", body("@cf/nobody/no-such-model", PROMPT, null)).statusCode(404);
        Map<String, String> unknown = accessLine("unknown");
        assertEquals("404", unknown.get("status"));
        assertEquals("model_not_found", unknown.get("error"));
        assertFalse(unknown.containsKey("input_tokens"), "no tokens are made up");

        given().header("x-request-id", id("models")).get("/v1/models").then().statusCode(200);
        Map<String, String> models = accessLine("models");
        assertEquals("GET", models.get("method"));
        assertFalse(models.containsKey("model") || models.containsKey("stream"), models.toString());

        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(0, lines(r -> r.getMessage().contains("path=/q/")).size(), "probes and scrapes are not logged");
    }

    @Test
    void aClientThatLeavesInTheMiddleOfAStreamIsLoggedWhenItGoes() throws Exception {
        RawHttp.leaveAfterFirstEvent(chat, body(LLAMA, "leaving early one two three four five [emulate:delay=200]",
                "\"stream\":true"), id("leaves"));
        Map<String, String> left = accessLine("leaves");
        assertEquals("200", left.get("status"));
        assertEquals(AccessLog.CLIENT_GONE, left.get("error"));
    }

    @Test
    void neitherThePromptNorTheTokenAppearsInAnyLogLine() throws Exception {
        chat("secret-plain", body(LLAMA, PROMPT, null)).statusCode(200);
        chat("secret-stream", body(LLAMA, PROMPT + " a b c d [emulate:stream-error=8005]", "\"stream\":true"))
                .statusCode(200);
        chat("secret-retry", body(LLAMA, PROMPT + " [emulate:error=3040] [emulate:times=1]", null)).statusCode(200);
        chat("secret-fails", body(LLAMA, PROMPT + " [emulate:error=8005]", null)).statusCode(502);
        accessLine("secret-fails");

        assertTrue(records.size() >= 4, "the requests were logged");
        for (LogRecord record : records) {
            String text = everything(record);
            assertFalse(text.contains(PROMPT), text);
            assertFalse(text.contains("You said"), "no completion either: " + text);
            assertFalse(text.contains(EmulatorResource.TOKEN), text);
        }
        String file = Files.readString(JSON_LOG);
        assertFalse(file.contains(PROMPT));
        assertFalse(file.contains(EmulatorResource.TOKEN));
    }

    @Test
    void jsonLinesCarryTheRequestIdAndTheAccessFieldsAsFieldsOfTheirOwn() throws Exception {
        chat("json", body(LLAMA, "json lines [emulate:error=3040] [emulate:times=1]", null)).statusCode(200);
        accessLine("json");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(JSON_LOG)) {
            JsonNode json = JSON.readTree(line);
            if (id("json").equals(json.path("mdc").path("request_id").asText())) {
                lines.add(json);
            }
        }
        JsonNode access = lines.stream().filter(l -> l.path("loggerName").asText().equals(AccessLog.CATEGORY))
                .findFirst().orElseThrow(() -> new AssertionError("no JSON access line in " + lines));
        assertEquals("200", access.path("mdc").path("status").asText());
        assertEquals(LLAMA, access.path("mdc").path("model").asText());
        assertTrue(access.path("mdc").path("output_tokens").asText().matches("\\d+"), access.toString());
        assertTrue(access.path("message").asText().startsWith("method=POST path=/v1/chat/completions status=200 "),
                access.toString());
        assertTrue(lines.stream().anyMatch(l -> l.path("message").asText().startsWith("Retrying a Workers AI call")),
                "the request's other lines carry its id in the same field: " + lines);
    }

    private ValidatableResponse chat(String name, String body) {
        return given().header("x-request-id", id(name)).contentType(ContentType.JSON).body(body)
                .post("/v1/chat/completions").then();
    }

    private String id(String name) {
        return "access-" + name + "-" + run;
    }

    /** The access line of a request, as its MDC fields, once the response has ended; there must be exactly one. */
    private Map<String, String> accessLine(String name) throws InterruptedException {
        String id = id(name);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        List<ExtLogRecord> found = lines(r -> id.equals(r.getMdc("request_id")));
        while (found.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            found = lines(r -> id.equals(r.getMdc("request_id")));
        }
        Thread.sleep(100);
        found = lines(r -> id.equals(r.getMdc("request_id")));
        assertEquals(1, found.size(), "access lines of " + id);
        ExtLogRecord line = found.get(0);
        Map<String, String> fields = line.getMdcCopy();
        List<String> said = fields.entrySet().stream().filter(f -> !f.getKey().equals("request_id"))
                .map(f -> f.getKey() + "=" + f.getValue()).sorted().toList();
        assertEquals(said, Arrays.stream(line.getFormattedMessage().split(" ")).sorted().toList(),
                "the text line says what the fields say");
        return fields;
    }

    private List<ExtLogRecord> lines(Predicate<ExtLogRecord> which) {
        return records.stream()
                .filter(r -> AccessLog.CATEGORY.equals(r.getLoggerName()) && r instanceof ExtLogRecord)
                .map(r -> (ExtLogRecord) r)
                .filter(which)
                .toList();
    }

    /** A record as any formatter could print it: message, parameters, MDC and stack trace. */
    private static String everything(LogRecord record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            text.append(Arrays.toString(record.getParameters()));
        }
        if (record instanceof ExtLogRecord ext) {
            text.append(ext.getFormattedMessage()).append(ext.getMdcCopy());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }
        return text.toString();
    }
}

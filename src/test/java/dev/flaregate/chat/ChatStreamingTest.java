package dev.flaregate.chat;

import static dev.flaregate.testing.ChatRequests.LLAMA;
import static dev.flaregate.testing.ChatRequests.QWEN3;
import static dev.flaregate.testing.ChatRequests.body;
import static dev.flaregate.testing.ChatRequests.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.flaregate.testing.Emulator;
import dev.flaregate.testing.EmulatorResource;
import dev.flaregate.testing.InjectEmulator;
import dev.flaregate.testing.LogCapture;
import dev.flaregate.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Streaming chat completions: the SSE bytes an OpenAI client parses, checked as raw HTTP/1.1. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ChatStreamingTest {

    private static final String STREAM = "\"stream\":true";
    private static final String WITH_USAGE = STREAM + ",\"stream_options\":{\"include_usage\":true}";

    @TestHTTPResource("/v1/chat/completions")
    URI chat;

    @InjectEmulator
    Emulator emulator;

    @Test
    void streamIsByteExactOpenAiSse() {
        HttpResponse<String> response = RawHttp.post(chat, body(LLAMA, "Stream me please", WITH_USAGE),
                "application/json");
        assertEquals(200, response.statusCode(), "Accept: application/json must not turn a stream into a 406");
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElseThrow());
        assertTrue(response.headers().firstValue("x-request-id").isPresent());

        String sse = response.body();
        assertTrue(sse.endsWith("\n\ndata: [DONE]\n\n"), sse);
        List<JsonPath> chunks = chunks(sse);
        // role, "You said: Stream me please" as 5 tokens, finish, usage
        assertEquals(8, chunks.size(), sse);
        for (String event : sse.split("\n\n")) {
            assertTrue(event.startsWith("data: ") && !event.substring(6).contains("\n"), "one data line: " + event);
        }
        assertFalse(sse.contains("\"p\""), "Workers AI's padding never reaches the client");

        JsonPath first = chunks.get(0);
        String id = first.getString("id");
        long created = first.getLong("created");
        assertTrue(id.startsWith("chatcmpl-"));
        assertEquals("assistant", first.getString("choices[0].delta.role"));
        assertEquals("", first.getString("choices[0].delta.content"));
        StringBuilder text = new StringBuilder();
        int finishChunks = 0;
        for (JsonPath chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            assertEquals(id, chunk.getString("id"));
            assertEquals(created, chunk.getLong("created"));
            assertEquals(LLAMA, chunk.getString("model"));
            if (!chunk.getList("choices").isEmpty()) {
                assertEquals(0, chunk.getInt("choices[0].index"));
                String piece = chunk.getString("choices[0].delta.content");
                text.append(piece == null ? "" : piece);
                finishChunks += chunk.getString("choices[0].finish_reason") == null ? 0 : 1;
            }
        }
        assertEquals(1, finishChunks, "exactly one chunk carries finish_reason");
        JsonPath finish = chunks.get(6);
        assertEquals("stop", finish.getString("choices[0].finish_reason"));
        assertEquals(Map.of(), finish.getMap("choices[0].delta"));
        assertTrue(finish.getMap("").containsKey("usage") && finish.get("usage") == null,
                "chunks before the last carry usage: null when usage was asked for");

        JsonPath usage = chunks.get(7);
        assertTrue(usage.getList("choices").isEmpty());
        JsonPath whole = post(body(LLAMA, "Stream me please", null)).statusCode(200).extract().jsonPath();
        assertEquals(whole.getString("choices[0].message.content"), text.toString(),
                "the streamed text equals the non-streamed text");
        assertEquals(whole.getMap("usage"), usage.getMap("usage"));
    }

    @Test
    void whatOneWorkersAiEventGivesLeavesInOneWriteAndDoneEndsTheBody() {
        List<String> writes = RawHttp.postForChunks(chat, body(LLAMA, "Stream me please", WITH_USAGE));
        // The role, from Workers AI's empty first frame; five tokens; the finish and the usage, from its [DONE];
        // then [DONE] itself, with the end of the body.
        assertEquals(8, writes.size(), String.join("|", writes));
        assertEquals("assistant", single(writes.get(0)).getString("choices[0].delta.role"));
        for (String token : writes.subList(1, 6)) {
            assertNotNull(single(token).getString("choices[0].delta.content"), token);
        }
        List<JsonPath> last = chunks(writes.get(6));
        assertEquals(2, last.size(), writes.get(6));
        assertEquals("stop", last.get(0).getString("choices[0].finish_reason"));
        assertTrue(last.get(1).getList("choices").isEmpty(), writes.get(6));
        assertEquals("data: [DONE]\n\n", writes.get(7));
    }

    private static JsonPath single(String write) {
        List<JsonPath> events = chunks(write);
        assertEquals(1, events.size(), write);
        return events.get(0);
    }

    @Test
    void clientsThatAcceptOnlyEventStreamsGetTheSameStream() {
        HttpResponse<String> response = RawHttp.post(chat, body(LLAMA, "sse only", STREAM), "text/event-stream");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.body().startsWith("data: {") && response.body().endsWith("\n\ndata: [DONE]\n\n"));
    }

    @Test
    void withoutIncludeUsageThereIsNoUsageChunkNorUsageField() {
        String sse = RawHttp.post(chat, body(LLAMA, "no usage please", STREAM), null).body();
        List<JsonPath> chunks = chunks(sse);
        assertEquals(1 + 5 + 1, chunks.size(), sse);
        chunks.forEach(c -> assertFalse(c.getMap("").containsKey("usage"), sse));
        assertEquals("stop", chunks.get(chunks.size() - 1).getString("choices[0].finish_reason"));
    }

    @Test
    void chatShapedStreamRelaysReasoningThenContentAndCountsUsageOnce() {
        String sse = RawHttp.post(chat, body(QWEN3, "Reason about this", WITH_USAGE), null).body();
        List<JsonPath> chunks = chunks(sse);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (JsonPath chunk : chunks) {
            if (!chunk.getList("choices").isEmpty()) {
                String r = chunk.getString("choices[0].delta.reasoning_content");
                String c = chunk.getString("choices[0].delta.content");
                reasoning.append(r == null ? "" : r);
                content.append(c == null ? "" : c);
            }
        }
        JsonPath whole = post(body(QWEN3, "Reason about this", null)).statusCode(200).extract().jsonPath();
        assertEquals(whole.getString("choices[0].message.reasoning_content"), reasoning.toString());
        assertEquals(whole.getString("choices[0].message.content"), content.toString());
        // Upstream sends both per-frame increments and a cumulative total; adding them up would double the count.
        assertEquals(whole.getMap("usage"), chunks.get(chunks.size() - 1).getMap("usage"));
    }

    @Test
    void aStreamCutByTheLimitFinishesWithLength() {
        List<JsonPath> chunks = chunks(RawHttp.post(chat,
                body(LLAMA, "one two three four five", STREAM + ",\"max_tokens\":2"), null).body());
        assertEquals("length", chunks.get(chunks.size() - 1).getString("choices[0].finish_reason"));
    }

    @Test
    void upstreamErrorBeforeTheFirstChunkKeepsItsHttpStatus() {
        HttpResponse<String> overflow = RawHttp.post(chat, body(LLAMA, "x [emulate:error=3030]", STREAM), null);
        assertEquals(400, overflow.statusCode());
        assertEquals("context_length_exceeded", JsonPath.from(overflow.body()).getString("error.code"));

        HttpResponse<String> busy = RawHttp.post(chat, body(LLAMA, "x [emulate:error=3040]", STREAM), null);
        assertEquals(429, busy.statusCode());
        assertEquals("rate_limit_exceeded", JsonPath.from(busy.body()).getString("error.code"));
    }

    @Test
    void aTruncatedUpstreamStreamEndsWithAnErrorEventNotASilentCut() {
        HttpResponse<String> response = RawHttp.post(chat,
                body(LLAMA, "a b c d e f g h [emulate:truncate]", STREAM), null);
        assertEquals(200, response.statusCode());
        String sse = response.body();
        assertTrue(sse.endsWith("data: [DONE]\n\n"), sse);
        List<JsonPath> events = chunks(sse);
        JsonPath last = events.get(events.size() - 1);
        assertEquals("upstream_stream_truncated", last.getString("error.code"));
        assertEquals("api_error", last.getString("error.type"));
        assertTrue(last.getMap("error").containsKey("param"));
        assertTrue(events.stream().noneMatch(e -> e.getString("choices[0].finish_reason") != null),
                "a cut stream never claims to have finished");
    }

    @Test
    void anUpstreamErrorMidStreamBecomesAnErrorEvent() {
        String sse = RawHttp.post(chat, body(LLAMA, "a b c d e f [emulate:stream-error=8005]", STREAM), null).body();
        List<JsonPath> events = chunks(sse);
        JsonPath error = events.get(events.size() - 1);
        assertEquals("workers_ai_8005", error.getString("error.code"));
        assertTrue(error.getString("error.message").contains("8005"));
        assertTrue(sse.endsWith("data: [DONE]\n\n"));
    }

    @Test
    void aClientThatDisconnectsCancelsTheUpstreamCall() throws Exception {
        long cancelledBefore = emulator.stat("streamsCancelled");
        leaveAfterFirstToken(body(LLAMA, "w ".repeat(200).strip() + " [emulate:delay=100]", STREAM));
        long cancelled = emulator.awaitStat("streamsCancelled", n -> n > cancelledBefore, Duration.ofSeconds(5));
        assertEquals(cancelledBefore + 1, cancelled, "the upstream stream was closed when the client left");
    }

    @Test
    void aClientThatLeavesWhileFramesAreOnTheirWayIsNoError() throws Exception {
        // Tokens a millisecond apart: frames are being written when the connection goes, and some writes fail.
        String payload = body(LLAMA, "w ".repeat(300).strip() + " [emulate:delay=1]", STREAM);
        long cancelledBefore = emulator.stat("streamsCancelled");
        try (LogCapture logs = LogCapture.install()) {
            for (int i = 0; i < 5; i++) {
                leaveAfterFirstToken(payload);
            }
            emulator.awaitStat("streamsCancelled", n -> n >= cancelledBefore + 5, Duration.ofSeconds(5));
            Thread.sleep(200);
            assertEquals(List.of(), logs.lines().stream().filter(line -> line.contains("Unexpected failure")).toList(),
                    "a client leaving is logged as such (client_disconnected), not as a failure");
        }
    }

    private void leaveAfterFirstToken(String payload) throws Exception {
        try (Socket socket = new Socket(chat.getHost(), chat.getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String received = "";
            while (!received.contains("\"content\":\" w\"")) {
                byte[] buffer = new byte[4096];
                int n = in.read(buffer);
                assertTrue(n > 0, "the stream ended before the first token");
                received += new String(buffer, 0, n, StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void tokensAreRelayedAsTheyArriveNotBuffered() throws Exception {
        // 20 tokens 150 ms apart: a relaying gateway shows the first token long before the upstream finishes.
        String payload = body(LLAMA, "t ".repeat(18).strip() + " [emulate:delay=150]", STREAM);
        long start = System.nanoTime();
        Long firstToken = null;
        try (Socket socket = new Socket(chat.getHost(), chat.getPort())) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(bytes);
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (firstToken == null && received.indexOf("\"content\":\"You\"") >= 0) {
                    firstToken = System.nanoTime();
                }
            }
            assertTrue(received.toString().contains("data: [DONE]"));
        }
        long total = System.nanoTime() - start;
        assertNotNull(firstToken);
        long toFirst = firstToken - start;
        assertTrue(toFirst < total / 3, "first token after " + toFirst / 1_000_000 + " ms of "
                + total / 1_000_000 + " ms");
    }

    @Test
    void waveAfterWaveOfConcurrentStreamsAllComplete() {
        // Connections left behind by one wave of streams must never break the next wave.
        for (int wave = 0; wave < 4; wave++) {
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                inFlight.add(RawHttp.postAsync(chat, body(LLAMA, "wave " + wave + " stream " + i, STREAM)));
            }
            for (CompletableFuture<HttpResponse<String>> future : inFlight) {
                HttpResponse<String> response = future.join();
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().contains("\"finish_reason\":\"stop\""), response.body());
                assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
            }
        }
    }

    /** The JSON of every {@code data:} event but {@code [DONE]}. */
    static List<JsonPath> chunks(String sse) {
        List<JsonPath> chunks = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                chunks.add(JsonPath.from(data));
            }
        }
        return chunks;
    }
}

package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class EventStreamParserTest {

    private static final String STREAM = "data: {\"response\":\"h\u00e9 \u2603 \uD83D\uDE00\"}\n\n"
            + ": a comment\r\n"
            + "data:{\"response\":\"no space\"}\r\n\r\n"
            + "event: ignored\nid: 7\ndata: first line\ndata: second line\n\n"
            + "data: [DONE]";

    private static final List<String> EVENTS = List.of("{\"response\":\"h\u00e9 \u2603 \uD83D\uDE00\"}",
            "{\"response\":\"no space\"}", "first line\nsecond line", "[DONE]");

    @Test
    void eventsComeOutWhole() {
        assertEquals(EVENTS, parse(STREAM.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
    }

    @Test
    void howeverTheNetworkCutsTheBytes() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int size = 1; size <= 7; size++) {
            assertEquals(EVENTS, parse(bytes, size), "cut every " + size + " bytes");
        }
    }

    @Test
    void anEventGoesOnAsSoonAsItsBlankLineArrives() {
        List<String> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        parser.feed(Buffer.buffer("data: one\n"));
        assertEquals(List.of(), events);
        parser.feed(Buffer.buffer("\ndata: tw"));
        assertEquals(List.of("one"), events);
    }

    private static List<String> parse(byte[] bytes, int chunk) {
        List<String> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(Buffer.buffer().appendBytes(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        parser.end();
        return events;
    }
}

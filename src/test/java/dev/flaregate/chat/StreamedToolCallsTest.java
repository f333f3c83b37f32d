package dev.flaregate.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.openai.ChatCompletionChunk.FunctionDelta;
import dev.flaregate.openai.ChatCompletionChunk.ToolCallDelta;

/** Upstream tool-call pieces in the shapes the wire-format reference describes (§3.3), as OpenAI deltas. */
class StreamedToolCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<ToolCallDelta> feed(StreamedToolCalls calls, String... frames) throws Exception {
        List<ToolCallDelta> out = new ArrayList<>();
        for (String frame : frames) {
            out.addAll(calls.deltas(JSON.readTree(frame)));
        }
        return out;
    }

    @Test
    void incrementalPiecesKeepTheirIndexAndTheClosingPieceIsSkipped() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        List<ToolCallDelta> deltas = feed(calls,
                "[{\"id\":\"abc123def\",\"type\":\"function\",\"index\":3,\"function\":{\"name\":\"a\"}}]",
                "[{\"index\":3,\"function\":{\"arguments\":\"{\\\"x\\\":\"}}]",
                "[{\"id\":\"zzz999yyy\",\"type\":\"function\",\"index\":5,\"function\":{\"name\":\"b\"}}]",
                "[{\"index\":3,\"function\":{\"arguments\":\"1}\"}}]",
                "[{\"index\":5,\"function\":{\"arguments\":\"{}\"}}]",
                "[{\"id\":null,\"type\":null,\"index\":3,\"function\":{\"name\":null,\"arguments\":\"\"}}]",
                "[]");
        assertEquals(5, deltas.size());
        assertEquals(new ToolCallDelta(0, "abc123def", "function",
                new FunctionDelta("a", "")), deltas.get(0));
        assertEquals(0, deltas.get(1).index());
        assertNull(deltas.get(1).id(), "only a call's first delta carries its id");
        assertEquals(1, deltas.get(2).index());
        assertEquals(0, deltas.get(3).index(), "the upstream index 3 is the first call, whatever came between");
        assertEquals("1}", deltas.get(3).function().arguments());
        assertEquals(1, deltas.get(4).index());
        assertTrue(calls.any());
    }

    @Test
    void wholeCallsWithObjectArgumentsBecomeOneDeltaEachWithAnId() throws Exception {
        List<ToolCallDelta> deltas = feed(new StreamedToolCalls(),
                "[{\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}},"
                        + "{\"name\":\"get_time\",\"arguments\":{}}]");
        assertEquals(2, deltas.size());
        assertEquals(List.of(0, 1), deltas.stream().map(ToolCallDelta::index).toList());
        assertTrue(deltas.get(0).id().startsWith("call_"));
        assertEquals("{\"location\":\"Paris\"}", deltas.get(0).function().arguments());
    }
}

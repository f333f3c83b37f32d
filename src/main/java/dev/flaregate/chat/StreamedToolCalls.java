package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.openai.ChatCompletionChunk.FunctionDelta;
import dev.flaregate.openai.ChatCompletionChunk.ToolCallDelta;

/**
 * Workers AI's streamed tool calls as OpenAI deltas. Upstream pieces come as whole calls
 * ({@code {name, arguments: {object}}}) or, as Cloudflare's own clients parse them, as a first piece with
 * {@code id}, {@code index} and the name followed by {@code arguments} fragments and an empty closing piece. Each
 * call gets a 0-based index of its own, stable across its pieces, and an id on its first delta. One instance per
 * stream; pure but for the ids it makes.
 */
final class StreamedToolCalls {

    private final Map<Integer, Integer> byUpstreamIndex = new HashMap<>();
    private int calls;

    boolean any() {
        return calls > 0;
    }

    List<ToolCallDelta> deltas(JsonNode pieces) {
        List<ToolCallDelta> deltas = new ArrayList<>();
        if (pieces == null || !pieces.isArray()) {
            return deltas;
        }
        for (JsonNode piece : pieces) {
            JsonNode function = ToolCalls.function(piece);
            String name = function.path("name").isTextual() ? function.get("name").asText() : null;
            String arguments = ToolCalls.arguments(piece);
            Integer upstreamIndex = piece.path("index").canConvertToInt() && !piece.path("index").isNull()
                    ? piece.get("index").asInt() : null;
            boolean known = upstreamIndex != null && byUpstreamIndex.containsKey(upstreamIndex);
            if (name != null && !name.isEmpty() && !known) {
                int index = calls++;
                if (upstreamIndex != null) {
                    byUpstreamIndex.put(upstreamIndex, index);
                }
                String id = piece.path("id").isTextual() && !piece.get("id").asText().isBlank()
                        ? piece.get("id").asText() : RandomIds.of("call_");
                deltas.add(new ToolCallDelta(index, id, "function",
                        new FunctionDelta(name, arguments == null ? "" : arguments)));
            } else if (arguments != null && !arguments.isEmpty() && calls > 0) {
                int index = known ? byUpstreamIndex.get(upstreamIndex) : calls - 1;
                deltas.add(new ToolCallDelta(index, null, null, new FunctionDelta(null, arguments)));
            }
        }
        return deltas;
    }
}

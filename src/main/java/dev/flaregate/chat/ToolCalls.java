package dev.flaregate.chat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.flaregate.openai.ToolCall;

/**
 * Workers AI's tool calls as OpenAI's. Classic models send {@code {name, arguments: {object}}}; llama-4-scout and
 * the chat-completions family send OpenAI's shape, sometimes with {@code arguments} as an object. Every call leaves
 * with an id and {@code arguments} as a JSON string, which is what agents parse. Pure but for the ids it makes.
 */
final class ToolCalls {

    private ToolCalls() {
    }

    static List<ToolCall> toOpenAi(JsonNode calls) {
        List<ToolCall> out = new ArrayList<>(calls.size());
        for (JsonNode call : calls) {
            String json = arguments(call);
            String id = call.path("id").asText("");
            out.add(ToolCall.function(id.isBlank() ? RandomIds.of("call_") : id, function(call).path("name").asText(),
                    json == null ? "{}" : json));
        }
        return out;
    }

    /** The function of a call: OpenAI nests it under {@code function}, classic models do not. */
    static JsonNode function(JsonNode call) {
        return call.has("function") ? call.get("function") : call;
    }

    /** A call's arguments as the JSON text OpenAI clients parse (objects are written out), or null if none. */
    static String arguments(JsonNode call) {
        JsonNode arguments = function(call).get("arguments");
        return arguments == null || arguments.isNull() ? null
                : arguments.isTextual() ? arguments.asText() : arguments.toString();
    }
}

package dev.flaregate.emulator;

import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tool calling as the emulated models do it: offered tools and a user's turn, the model calls a tool (the one the
 * user names, else the first) with arguments filling its parameters (strings with the user's words, numbers 42,
 * booleans true); given a tool's result, it answers with it ("The tool said: ..."). Classic models answer
 * {@code {name, arguments: {object}}}; the chat-completions family OpenAI's shape with {@code arguments} as a string.
 */
final class EmulatedTools {

    private EmulatedTools() {
    }

    /** Whether the model calls a tool now: tools are offered and the conversation ends with the user. */
    static boolean calls(JsonObject body) {
        JsonArray tools = body.getJsonArray("tools");
        JsonArray messages = body.getJsonArray("messages");
        return tools != null && !tools.isEmpty() && messages != null && !messages.isEmpty()
                && "user".equals(messages.getJsonObject(messages.size() - 1).getString("role"));
    }

    static JsonObject classicCall(JsonObject body, String userText) {
        JsonObject call = chosen(body, userText);
        return new JsonObject().putNull("response")
                .put("tool_calls", new JsonArray().add(new JsonObject().put("name", call.getString("name"))
                        .put("arguments", call.getJsonObject("arguments"))));
    }

    static JsonObject chatCall(JsonObject body, String userText) {
        JsonObject call = chosen(body, userText);
        JsonObject function = new JsonObject().put("name", call.getString("name"))
                .put("arguments", call.getJsonObject("arguments").encode());
        return new JsonObject().put("role", "assistant").putNull("content")
                .put("tool_calls", new JsonArray().add(new JsonObject()
                        .put("id", "chatcmpl-tool-" + UUID.randomUUID().toString().replace("-", ""))
                        .put("type", "function").put("function", function)));
    }

    /** The call the model makes: {@code {name, arguments: {object}}}. */
    static JsonObject chosen(JsonObject body, String userText) {
        JsonArray tools = body.getJsonArray("tools");
        JsonObject chosen = function(tools.getJsonObject(0));
        for (Object tool : tools) {
            JsonObject function = function((JsonObject) tool);
            if (userText.contains(function.getString("name", "\u0000"))) {
                chosen = function;
                break;
            }
        }
        JsonObject arguments = new JsonObject();
        JsonObject properties = chosen.getJsonObject("parameters", new JsonObject())
                .getJsonObject("properties", new JsonObject());
        for (String name : properties.fieldNames()) {
            String type = properties.getJsonObject(name, new JsonObject()).getString("type", "string");
            arguments.put(name, switch (type) {
                case "number", "integer" -> 42;
                case "boolean" -> true;
                default -> userText;
            });
        }
        return new JsonObject().put("name", chosen.getString("name")).put("arguments", arguments);
    }

    /** OpenAI's {@code {type, function: {...}}} or the flat {@code {name, parameters}} Workers AI also takes. */
    private static JsonObject function(JsonObject tool) {
        return tool.getJsonObject("function", tool);
    }
}

package dev.flaregate.openai;

/** An OpenAI tool call: {@code arguments} is a JSON string, as OpenAI clients parse it. */
public record ToolCall(String id, String type, Function function) {

    public record Function(String name, String arguments) {
    }

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", new Function(name, arguments));
    }
}

package dev.flaregate.emulator;

import java.util.Optional;

import dev.flaregate.models.ResultShape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * JSON mode ({@code response_format}) as Workers AI has it: no streaming, the bare JSON schema for classic models
 * and OpenAI's {@code {name, schema, strict}} wrapper for the chat-completions family. The answer is an object that
 * fills the schema's properties (strings with the reply, numbers 42, booleans true), or
 * {@code {"response": reply}} without a schema.
 */
final class EmulatedJsonMode {

    private EmulatedJsonMode() {
    }

    static boolean requested(JsonObject body) {
        return body.getValue("response_format") instanceof JsonObject format
                && !"text".equals(format.getString("type"));
    }

    static Optional<String> violation(JsonObject body, ResultShape shape) {
        JsonObject format = body.getJsonObject("response_format");
        if (Boolean.TRUE.equals(body.getValue("stream"))) {
            return Optional.of("AiError: Bad input: JSON Mode currently doesn't support streaming");
        }
        String type = format.getString("type");
        if (!"json_object".equals(type) && !"json_schema".equals(type)) {
            return Optional.of("AiError: Bad input: '/response_format/type' must be equal to one of the allowed "
                    + "values: json_object, json_schema");
        }
        if ("json_schema".equals(type)) {
            Object schema = format.getValue("json_schema");
            boolean wrapped = schema instanceof JsonObject s && s.containsKey("schema") && s.containsKey("name");
            if (!(schema instanceof JsonObject) || wrapped != (shape == ResultShape.CHAT_COMPLETION)) {
                return Optional.of("AiError: Bad input: '/response_format/json_schema' must be "
                        + (shape == ResultShape.CHAT_COMPLETION ? "{name, schema, strict}" : "a JSON schema"));
            }
        }
        return Optional.empty();
    }

    static JsonObject answer(JsonObject body, String reply) {
        JsonObject format = body.getJsonObject("response_format");
        JsonObject schema = format.getJsonObject("json_schema");
        if (schema != null && schema.getValue("schema") instanceof JsonObject wrapped) {
            schema = wrapped;
        }
        JsonObject properties = schema == null ? null : schema.getJsonObject("properties");
        if (properties == null) {
            return new JsonObject().put("response", reply);
        }
        JsonObject answer = new JsonObject();
        for (String name : properties.fieldNames()) {
            Object spec = properties.getValue(name);
            String type = spec instanceof JsonObject s ? s.getString("type", "string") : "string";
            answer.put(name, switch (type) {
                case "number", "integer" -> 42;
                case "boolean" -> true;
                case "array" -> new JsonArray();
                case "object" -> new JsonObject();
                default -> reply;
            });
        }
        return answer;
    }
}

package dev.flaregate.emulator;

import java.util.Optional;

import dev.flaregate.models.ResultShape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * JSON mode ({@code response_format}) as Workers AI has it: no streaming, the bare JSON schema for classic models
 * and OpenAI's {@code {name, schema, strict}} wrapper for the chat-completions family. The answer is an object that
 * satisfies the schema (see {@link #answer}).
 */
final class EmulatedJsonMode {

    /** Deeper than any real schema; a schema that refers to itself stops here. */
    private static final int MAX_DEPTH = 32;

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

    /**
     * An object that satisfies the schema, as a model in JSON mode gives: every property filled whether required or
     * not, the first of an {@code enum}, a {@code const}, nested objects and arrays (one item, or as many as
     * {@code minItems} asks), numbers within their bounds, strings in their {@code format} and length, the first
     * branch of {@code anyOf}/{@code oneOf}, and {@code $ref}s into {@code $defs} or {@code definitions}, which is
     * what zod's schemas use. Without a schema ({@code json_object}) a plain object with the reply.
     */
    static JsonObject answer(JsonObject body, String reply) {
        JsonObject format = body.getJsonObject("response_format");
        JsonObject schema = format.getJsonObject("json_schema");
        if (schema != null && schema.getValue("schema") instanceof JsonObject wrapped) {
            schema = wrapped;
        }
        if (schema == null || !(fill(schema, schema, reply, 0) instanceof JsonObject answer)) {
            return new JsonObject().put("message", reply);
        }
        return answer;
    }

    private static Object fill(JsonObject schema, JsonObject root, String reply, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (schema.getValue("$ref") instanceof String ref) {
            JsonObject target = resolve(root, ref);
            return target == null ? null : fill(target, root, reply, depth + 1);
        }
        if (schema.containsKey("const")) {
            return schema.getValue("const");
        }
        if (schema.getValue("enum") instanceof JsonArray choices && !choices.isEmpty()) {
            return choices.getValue(0);
        }
        for (String branches : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.getValue(branches) instanceof JsonArray options && !options.isEmpty()
                    && options.getValue(0) instanceof JsonObject first) {
                return fill(first, root, reply, depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> {
                JsonObject object = new JsonObject();
                JsonObject properties = schema.getJsonObject("properties", new JsonObject());
                for (String name : properties.fieldNames()) {
                    if (properties.getValue(name) instanceof JsonObject property) {
                        object.put(name, fill(property, root, reply, depth + 1));
                    }
                }
                yield object;
            }
            case "array" -> {
                JsonArray array = new JsonArray();
                int items = Math.max(1, schema.getInteger("minItems", 1));
                for (int i = 0; i < items && schema.getValue("items") instanceof JsonObject item; i++) {
                    array.add(fill(item, root, reply, depth + 1));
                }
                yield array;
            }
            case "integer" -> (long) within(schema, 42);
            case "number" -> within(schema, 42.5);
            case "boolean" -> true;
            case "null" -> null;
            default -> text(schema, reply);
        };
    }

    /** The schema's type: the first but {@code null} when it names several; else guessed from its keywords. */
    private static String type(JsonObject schema) {
        Object type = schema.getValue("type");
        if (type instanceof JsonArray types) {
            return types.stream().filter(t -> !"null".equals(t)).map(String::valueOf).findFirst().orElse("null");
        }
        if (type instanceof String named) {
            return named;
        }
        return schema.containsKey("properties") ? "object" : schema.containsKey("items") ? "array" : "string";
    }

    private static double within(JsonObject schema, double preferred) {
        double value = preferred;
        if (schema.getValue("maximum") instanceof Number maximum) {
            value = Math.min(value, maximum.doubleValue());
        }
        if (schema.getValue("minimum") instanceof Number minimum) {
            value = Math.max(value, minimum.doubleValue());
        }
        return value;
    }

    private static String text(JsonObject schema, String reply) {
        String text = switch (schema.getString("format", "")) {
            case "date-time" -> "2026-01-01T00:00:00Z";
            case "date" -> "2026-01-01";
            case "time" -> "00:00:00";
            case "email" -> "someone@example.com";
            case "uri", "url" -> "https://example.com/";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> reply;
        };
        int max = schema.getInteger("maxLength", Integer.MAX_VALUE);
        int min = schema.getInteger("minLength", 0);
        text = text.length() > max ? text.substring(0, max) : text;
        return text.length() < min ? text + "x".repeat(min - text.length()) : text;
    }

    /** A local {@code $ref}: {@code #}, {@code #/$defs/Name}, {@code #/definitions/Name}. */
    private static JsonObject resolve(JsonObject root, String ref) {
        if (!ref.startsWith("#")) {
            return null;
        }
        Object node = root;
        for (String part : ref.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            node = node instanceof JsonObject object ? object.getValue(part.replace("~1", "/").replace("~0", "~"))
                    : null;
        }
        return node instanceof JsonObject target ? target : null;
    }
}

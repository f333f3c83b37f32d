package dev.flaregate.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flaregate.models.WorkersAiModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The input schema of Workers AI embedding models ({@code text: string | string[]}, reference §4), checked the way
 * Workers AI does: a failure is a 5006 "Bad input" message naming the JSON pointer. Strict about unknown properties,
 * as {@link TextInputSchema} is, so the gateway only ever sends what a model's schema lists.
 */
final class EmbeddingInputSchema {

    /** The poolings the bge models take; {@code mean} is their default. */
    static final List<String> POOLINGS = List.of("mean", "cls");

    /**
     * Properties some models take besides {@code text} and {@code pooling}, with their JSON type, from the models'
     * published input schemas. The facts in {@link dev.flaregate.models.EmbeddingSpec} do not carry them, as the
     * gateway never sends them.
     */
    private static final Map<String, Map<String, String>> EXTRA_PROPERTIES = Map.of(
            "@cf/baai/bge-m3", Map.of("truncate_inputs", "boolean"),
            "@cf/qwen/qwen3-embedding-0.6b", Map.of("instruction", "string"));

    private EmbeddingInputSchema() {
    }

    static Optional<String> violation(JsonObject body, WorkersAiModel model) {
        Map<String, String> extra = EXTRA_PROPERTIES.getOrDefault(model.id(), Map.of());
        boolean pooling = model.embedding().pooling();
        List<String> unknown = body.fieldNames().stream()
                .filter(f -> !f.equals("text") && !(pooling && f.equals("pooling")) && !extra.containsKey(f))
                .map(f -> "/" + f)
                .toList();
        if (!unknown.isEmpty()) {
            return bad("Additional or unevaluated properties '" + String.join(", ", unknown) + "' at '/' not allowed");
        }
        if (!body.containsKey("text")) {
            return bad("required properties at '/' are 'text'");
        }
        Optional<String> text = textViolation(body.getValue("text"), model.embedding().maxBatch());
        if (text.isPresent()) {
            return text;
        }
        if (body.containsKey("pooling") && !POOLINGS.contains(body.getValue("pooling"))) {
            return bad("Error: '/pooling' must be equal to one of the allowed values: " + String.join(", ", POOLINGS));
        }
        for (Map.Entry<String, String> property : extra.entrySet()) {
            Object value = body.getValue(property.getKey());
            if (body.containsKey(property.getKey()) && !type(value).equals(property.getValue())) {
                return bad(mismatch("/" + property.getKey(), value, property.getValue()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> textViolation(Object text, int maxItems) {
        if (text instanceof String single) {
            return nonEmpty("/text", single);
        }
        if (!(text instanceof JsonArray items)) {
            return bad("Error: oneOf at '/text' not met, 0 matches: " + mismatch("/text", text, "string") + ", "
                    + mismatch("/text", text, "array"));
        }
        if (items.size() > maxItems) {
            return bad("Error: '/text' must NOT have more than " + maxItems + " items");
        }
        for (int i = 0; i < items.size(); i++) {
            String at = "/text/" + i;
            Optional<String> item = items.getValue(i) instanceof String s ? nonEmpty(at, s)
                    : bad(mismatch(at, items.getValue(i), "string"));
            if (item.isPresent()) {
                return item;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nonEmpty(String at, String text) {
        return text.isEmpty() ? bad("Error: '" + at + "' must NOT have fewer than 1 characters") : Optional.empty();
    }

    private static String mismatch(String at, Object value, String expected) {
        return "Type mismatch of '" + at + "', '" + type(value) + "' not in '" + expected + "'";
    }

    /** The JSON type of a decoded value, as the schema validator names it. */
    private static String type(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        return value instanceof JsonArray ? "array" : "object";
    }

    private static Optional<String> bad(String detail) {
        return Optional.of("AiError: Bad input: " + detail);
    }
}

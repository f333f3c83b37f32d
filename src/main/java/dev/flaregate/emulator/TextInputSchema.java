package dev.flaregate.emulator;

import java.util.Optional;
import java.util.Set;

import dev.flaregate.models.ModelFamily;
import dev.flaregate.models.Range;
import dev.flaregate.models.ResultShape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The input schema of Workers AI text models, checked the way Workers AI does: a failure is a 5006
 * "Bad input" message naming the JSON pointer. Strict about unknown properties, so the gateway only ever sends
 * what a model's schema lists.
 */
final class TextInputSchema {

    private static final Set<String> CLASSIC_PROPERTIES = Set.of("prompt", "messages", "max_tokens", "temperature",
            "top_p", "top_k", "seed", "repetition_penalty", "frequency_penalty", "presence_penalty", "stream", "raw",
            "lora", "response_format", "tools", "functions", "image", "guided_json");
    private static final Set<String> CHAT_COMPLETION_PROPERTIES = Set.of("messages", "prompt", "model", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "top_k", "seed", "repetition_penalty",
            "frequency_penalty", "presence_penalty", "stop", "stream", "stream_options", "n", "tools", "tool_choice",
            "parallel_tool_calls", "response_format", "reasoning_effort", "chat_template_kwargs", "logprobs",
            "top_logprobs", "user");

    private TextInputSchema() {
    }

    static Optional<String> violation(JsonObject body, ModelFamily family) {
        Set<String> allowed = family.shape() == ResultShape.CLASSIC ? CLASSIC_PROPERTIES : CHAT_COMPLETION_PROPERTIES;
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                return bad("Additional or unevaluated properties '/" + field + "' at '/' not allowed");
            }
        }
        boolean hasPrompt = body.containsKey("prompt");
        boolean hasMessages = body.containsKey("messages");
        if (hasPrompt && hasMessages) {
            return bad("prompt and messages are mutually exclusive");
        }
        if (!hasPrompt && !hasMessages) {
            return bad("Error: oneOf at '/' not met, 0 matches: required properties at '/' are 'prompt', "
                    + "required properties at '/' are 'messages'");
        }
        if (hasPrompt && !(body.getValue("prompt") instanceof String p && !p.isEmpty())) {
            return bad("Type mismatch of '/prompt', expected a non-empty string");
        }
        if (hasMessages) {
            Optional<String> messages = messagesViolation(body.getValue("messages"), family);
            if (messages.isPresent()) {
                return messages;
            }
        }
        return firstPresent(
                integer(body, "max_tokens", new Range(1, Integer.MAX_VALUE)),
                integer(body, "max_completion_tokens", new Range(1, Integer.MAX_VALUE)),
                number(body, "temperature", family.temperature()),
                number(body, "top_p", family.topP()),
                integer(body, "top_k", ModelFamily.TOP_K),
                integer(body, "seed", ModelFamily.SEED),
                number(body, "repetition_penalty", ModelFamily.REPETITION_PENALTY),
                number(body, "frequency_penalty", family.penalty()),
                number(body, "presence_penalty", family.penalty()),
                stop(body.getValue("stop")));
    }

    private static Optional<String> messagesViolation(Object value, ModelFamily family) {
        if (!(value instanceof JsonArray messages) || messages.isEmpty()) {
            return bad("Type mismatch of '/messages', expected a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            String at = "'/messages/" + i;
            if (!(messages.getValue(i) instanceof JsonObject message)) {
                return bad("Type mismatch of " + at + "', 'object' expected");
            }
            if (!(message.getValue("role") instanceof String)) {
                return bad("required properties at " + at + "' are 'role,content'");
            }
            Object content = message.getValue("content");
            if (content instanceof JsonArray parts) {
                if (!family.contentParts()) {
                    return bad("Error: oneOf at '/' not met, 0 matches: required properties at '/' are 'prompt', "
                            + "Type mismatch of " + at + "/content', 'array' not in 'string'");
                }
                for (int p = 0; p < parts.size(); p++) {
                    if (!(parts.getValue(p) instanceof JsonObject part) || !(part.getValue("type") instanceof String)) {
                        return bad("unsupported content array at " + at + "/content/" + p + "'");
                    }
                    JsonObject image = part.getJsonObject("image_url");
                    if (image != null && !image.getString("url", "").startsWith("data:")) {
                        // The models' schemas: the url "must be a data: URI"; "HTTP URL will not be accepted".
                        return bad("Invalid image URL at " + at + "/content/" + p + "/image_url/url': it must be a "
                                + "data URI, HTTP URL will not be accepted");
                    }
                }
            } else if (!(content instanceof String)) {
                return bad("Type mismatch of " + at + "/content', expected 'string'");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> stop(Object stop) {
        if (stop == null || stop instanceof String) {
            return Optional.empty();
        }
        if (stop instanceof JsonArray list && list.size() <= 4 && list.stream().allMatch(String.class::isInstance)) {
            return Optional.empty();
        }
        return bad("Type mismatch of '/stop', expected a string or up to 4 strings");
    }

    private static Optional<String> integer(JsonObject body, String field, Range range) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            return bad("Type mismatch of '/" + field + "', 'number' not in 'integer'");
        }
        return inRange(field, ((Number) value).doubleValue(), range);
    }

    private static Optional<String> number(JsonObject body, String field, Range range) {
        Object value = body.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number n)) {
            return bad("Type mismatch of '/" + field + "', expected 'number'");
        }
        return inRange(field, n.doubleValue(), range);
    }

    private static Optional<String> inRange(String field, double value, Range range) {
        if (value < range.min()) {
            return bad("'/" + field + "' must be >= " + format(range.min()));
        }
        if (value > range.max()) {
            return bad("'/" + field + "' must be <= " + format(range.max()));
        }
        return Optional.empty();
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    @SafeVarargs
    private static Optional<String> firstPresent(Optional<String>... checks) {
        for (Optional<String> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> bad(String detail) {
        return Optional.of("AiError: Bad input: " + detail);
    }
}

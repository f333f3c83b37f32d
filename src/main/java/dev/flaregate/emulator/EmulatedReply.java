package dev.flaregate.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the emulated model answers: it repeats the last user message back ("You said: ..."), so the answer is
 * deterministic and its length is under the caller's control. A token is a word with its leading whitespace; the
 * prompt costs four tokens per message plus one per word.
 */
record EmulatedReply(List<String> reasoning, List<String> tokens, int promptTokens, boolean truncated) {

    /** Workers AI's silent default when a request names no {@code max_tokens}. */
    static final int DEFAULT_MAX_TOKENS = 256;
    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+");
    private static final String GREETING = "Hello from the Workers AI emulator.";

    static EmulatedReply to(JsonObject body, boolean reasons) {
        String lastUser = lastUserText(body);
        String toolResult = lastToolResult(body);
        String answer = toolResult != null ? "The tool said: " + toolResult
                : lastUser == null ? GREETING
                : "You said: " + Directives.DIRECTIVE.matcher(lastUser).replaceAll("").strip();
        int limit = limit(body);
        List<String> all = tokens(answer);
        List<String> kept = all.size() > limit ? all.subList(0, limit) : all;
        List<String> reasoning = reasons
                ? tokens("The user wrote " + tokens(lastUser == null ? "" : lastUser).size() + " words; I repeat them.")
                : List.of();
        return new EmulatedReply(reasoning, List.copyOf(kept), promptTokens(body), kept.size() < all.size());
    }

    String text() {
        return String.join("", tokens);
    }

    String reasoningText() {
        return String.join("", reasoning);
    }

    int completionTokens() {
        return reasoning.size() + tokens.size();
    }

    String finishReason() {
        return truncated ? "length" : "stop";
    }

    JsonObject usage() {
        return new JsonObject()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens())
                .put("total_tokens", promptTokens + completionTokens());
    }

    static int promptTokens(JsonObject body) {
        if (body.getValue("prompt") instanceof String prompt) {
            return 4 + tokens(prompt).size();
        }
        int count = 0;
        for (Object m : body.getJsonArray("messages", new JsonArray())) {
            count += 4 + tokens(text(((JsonObject) m).getValue("content"))).size();
        }
        return count;
    }

    static String lastUserText(JsonObject body) {
        if (body.getValue("prompt") instanceof String prompt) {
            return prompt;
        }
        JsonArray messages = body.getJsonArray("messages", new JsonArray());
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonObject message = messages.getJsonObject(i);
            if ("user".equals(message.getString("role"))) {
                return text(message.getValue("content"));
            }
        }
        return null;
    }

    /** The result of a tool call, when the conversation ends with one: the model answers with it. */
    private static String lastToolResult(JsonObject body) {
        JsonArray messages = body.getJsonArray("messages", new JsonArray());
        if (messages.isEmpty()) {
            return null;
        }
        JsonObject last = messages.getJsonObject(messages.size() - 1);
        return "tool".equals(last.getString("role")) ? text(last.getValue("content")) : null;
    }

    private static int limit(JsonObject body) {
        Object max = body.getValue("max_completion_tokens", body.getValue("max_tokens"));
        return max instanceof Number n ? n.intValue() : DEFAULT_MAX_TOKENS;
    }

    private static String text(Object content) {
        if (content instanceof String s) {
            return s;
        }
        StringBuilder text = new StringBuilder();
        if (content instanceof JsonArray parts) {
            for (Object part : parts) {
                if (part instanceof JsonObject p && "text".equals(p.getString("type"))) {
                    text.append(text.isEmpty() ? "" : "\n").append(p.getString("text", ""));
                }
            }
        }
        return text.toString();
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}

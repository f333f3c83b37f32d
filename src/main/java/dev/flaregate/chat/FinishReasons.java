package dev.flaregate.chat;

/**
 * OpenAI finish reasons from Workers AI's. Classic models send none, so one is synthesized from the token count:
 * an answer that used every token it was allowed was cut ("length"), otherwise the model stopped ("stop").
 */
final class FinishReasons {

    private FinishReasons() {
    }

    static String of(String upstream, int completionTokens, int maxTokens) {
        if (upstream == null || upstream.isBlank()) {
            return completionTokens >= maxTokens ? "length" : "stop";
        }
        return switch (upstream) {
            case "length", "model_length", "max_tokens" -> "length";
            case "tool_calls", "content_filter" -> upstream;
            default -> "stop";
        };
    }
}

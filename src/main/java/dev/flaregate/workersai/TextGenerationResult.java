package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code result} of a non-streaming text generation, in either shape: classic ({@code response}, or
 * {@code response_text} on a few newer models) or an OpenAI {@code chat.completion} ({@code choices}).
 * {@code response} stays a node because JSON mode returns an object there.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TextGenerationResult(
        JsonNode response,
        @JsonProperty("response_text") String responseText,
        List<Choice> choices,
        WorkersAiUsage usage,
        @JsonProperty("tool_calls") JsonNode toolCalls) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(Integer index, GeneratedText message, @JsonProperty("finish_reason") String finishReason) {
    }

    public boolean isChatCompletion() {
        return choices != null;
    }

    /** An empty {@code result} (seen as {@code {}} with {@code success: true}) carries no answer at all. */
    public boolean isEmpty() {
        return (response == null || response.isNull()) && responseText == null
                && (choices == null || choices.isEmpty()) && (toolCalls == null || toolCalls.isEmpty());
    }
}

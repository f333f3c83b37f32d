package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /ai/run/{model}} for text generation, in the Messages form every text model accepts.
 * Unset fields are left out: Workers AI validates bodies against each model's schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextGenerationRequest(
        List<Message> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        Long seed,
        @JsonProperty("repetition_penalty") Double repetitionPenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        JsonNode stop,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("response_format") JsonNode responseFormat,
        Boolean stream) {

    /** {@code content} is a string, or for models that take them, OpenAI-style content parts. */
    public record Message(String role, JsonNode content) {
    }

    public TextGenerationRequest streamed() {
        return new TextGenerationRequest(messages, maxTokens, temperature, topP, topK, seed, repetitionPenalty,
                frequencyPenalty, presencePenalty, stop, reasoningEffort, responseFormat, true);
    }
}

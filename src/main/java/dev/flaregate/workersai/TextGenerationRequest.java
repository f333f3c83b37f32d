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
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        Boolean stream) {

    /**
     * {@code content} is a string, or for models that take them, OpenAI-style content parts; {@code tool_calls} and
     * {@code tool_call_id} carry a tool-calling conversation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(String role, JsonNode content, @JsonProperty("tool_calls") JsonNode toolCalls,
            @JsonProperty("tool_call_id") String toolCallId) {

        public Message(String role, JsonNode content) {
            this(role, content, null, null);
        }
    }

    public TextGenerationRequest streamed() {
        return new TextGenerationRequest(messages, maxTokens, temperature, topP, topK, seed, repetitionPenalty,
                frequencyPenalty, presencePenalty, stop, reasoningEffort, responseFormat, tools, toolChoice,
                parallelToolCalls, true);
    }
}

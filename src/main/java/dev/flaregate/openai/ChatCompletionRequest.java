package dev.flaregate.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * OpenAI's chat completion request, with the ranges OpenAI itself enforces. Fields the gateway does not use are
 * ignored, as OpenAI clients send many ({@code user}, {@code metadata}, {@code store}, ...). {@code top_k} and
 * {@code repetition_penalty} are Workers AI extensions.
 */
public record ChatCompletionRequest(
        @NotBlank String model,
        @NotEmpty List<@NotNull @Valid ChatMessage> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("max_tokens") @Min(1) Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Min(1) Integer maxCompletionTokens,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
        Long seed,
        @JsonProperty("frequency_penalty") @DecimalMin("-2") @DecimalMax("2") Double frequencyPenalty,
        @JsonProperty("presence_penalty") @DecimalMin("-2") @DecimalMax("2") Double presencePenalty,
        JsonNode stop,
        @JsonProperty("top_k") @Min(1) Integer topK,
        @JsonProperty("repetition_penalty") @DecimalMin("0") @DecimalMax("2") Double repetitionPenalty,
        @Min(1) @Max(value = 8, message = "must be at most 8: each choice is a Workers AI call") Integer n,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("logit_bias") JsonNode logitBias,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        @JsonProperty("response_format") @Valid ResponseFormat responseFormat,
        List<@NotNull @Valid Tool> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls) {

    /** An OpenAI tool: only functions exist. */
    public record Tool(
            @NotNull @Pattern(regexp = "function", message = "must be 'function'")
            String type,
            @NotNull @Valid FunctionSpec function) {
    }

    public record FunctionSpec(@NotBlank String name, String description, JsonNode parameters) {
    }

    /** Tools the model may call: none when there are none or the client said {@code tool_choice: "none"}. */
    public boolean offersTools() {
        return tools != null && !tools.isEmpty()
                && !(toolChoice != null && toolChoice.isTextual() && "none".equals(toolChoice.asText()));
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public boolean includeUsage() {
        return streamOptions != null && Boolean.TRUE.equals(streamOptions.includeUsage());
    }

    /** JSON mode: a {@code json_object} or {@code json_schema} response format. */
    public boolean jsonMode() {
        return responseFormat != null && responseFormat.json();
    }

    public int choices() {
        return n == null ? 1 : n;
    }

    /** {@code max_completion_tokens} supersedes {@code max_tokens} in OpenAI's API. */
    public Integer requestedMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}

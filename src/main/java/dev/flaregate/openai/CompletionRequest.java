package dev.flaregate.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** OpenAI's legacy completions request ({@code POST /v1/completions}), as Continue and LlamaIndex still send it. */
public record CompletionRequest(
        @NotBlank String model,
        @NotNull JsonNode prompt,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("max_tokens") @Min(1) Integer maxTokens,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
        Long seed,
        @JsonProperty("frequency_penalty") @DecimalMin("-2") @DecimalMax("2") Double frequencyPenalty,
        @JsonProperty("presence_penalty") @DecimalMin("-2") @DecimalMax("2") Double presencePenalty,
        JsonNode stop,
        @Min(1) @Max(value = 8, message = "must be at most 8: each choice is a Workers AI call") Integer n,
        Boolean echo,
        String suffix,
        @JsonProperty("best_of") Integer bestOf,
        Integer logprobs,
        @JsonProperty("logit_bias") JsonNode logitBias) {
}

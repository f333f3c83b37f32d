package dev.flaregate.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * OpenAI's embeddings request. {@code input} stays a node: OpenAI allows a string, an array of strings, or token
 * ids, and the translator says which of those Workers AI can take. {@code pooling} is a Workers AI extension.
 */
public record EmbeddingRequest(
        @NotBlank String model,
        @NotNull JsonNode input,
        @JsonProperty("encoding_format") @Pattern(regexp = "float|base64", message = "must be 'float' or 'base64'")
        String encodingFormat,
        @Min(1) Integer dimensions,
        @Pattern(regexp = "mean|cls", message = "must be 'mean' or 'cls'") String pooling) {

    public boolean base64() {
        return "base64".equals(encodingFormat);
    }
}

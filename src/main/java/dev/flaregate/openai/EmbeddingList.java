package dev.flaregate.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's embeddings response. */
public record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {

    public EmbeddingList(List<Embedding> data, String model, Usage usage) {
        this("list", data, model, usage);
    }

    /**
     * {@code embedding} is the vector as Workers AI wrote it (an {@code EmbeddingVector}), or its float32
     * little-endian bytes in base64 when the client asked so.
     */
    public record Embedding(String object, int index, Object embedding) {

        public Embedding(int index, Object embedding) {
            this("embedding", index, embedding);
        }
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("total_tokens") int totalTokens) {
    }
}

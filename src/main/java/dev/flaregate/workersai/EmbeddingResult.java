package dev.flaregate.workersai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code result} of an embedding call: {@code shape} is {@code [texts, dimensions]}, {@code data} one vector a
 * text in input order. Some models (qwen3-embedding) also report {@code usage}; the bge models do not.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingResult(int[] shape, EmbeddingVector[] data, String pooling, WorkersAiUsage usage) {
}

package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of {@code POST /ai/run/{model}} for embedding models: up to the model's batch limit of texts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingInput(List<String> text, String pooling) {
}

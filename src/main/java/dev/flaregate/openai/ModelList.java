package dev.flaregate.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's {@code GET /v1/models} answer. Besides OpenAI's four fields each model says what it is for and what it
 * can do, which model pickers (Open WebUI, LibreChat) can use; OpenAI clients ignore fields they do not know.
 */
public record ModelList(String object, List<Model> data) {

    public ModelList(List<Model> data) {
        this("list", data);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy,
            String task,
            @JsonProperty("context_window") Integer contextWindow,
            @JsonProperty("embedding_dimensions") Integer embeddingDimensions,
            Capabilities capabilities,
            @JsonProperty("alias_for") String aliasFor) {
    }

    public record Capabilities(boolean streaming, boolean tools, boolean vision,
            @JsonProperty("json_mode") boolean jsonMode, boolean reasoning) {
    }
}

package dev.flaregate.workersai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat-shaped message or stream delta from Workers AI. Reasoning arrives as {@code reasoning_content} or, from
 * some models, {@code reasoning}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratedText(String role, String content,
        @JsonProperty("reasoning_content") String reasoningContent,
        String reasoning,
        @JsonProperty("tool_calls") JsonNode toolCalls) {

    public String anyReasoning() {
        return reasoningContent != null ? reasoningContent : reasoning;
    }
}

package dev.flaregate.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One message of a chat request. {@code content} stays a JSON node because OpenAI allows a string, an array of
 * parts, or null (assistant messages with tool calls); the translator decides what each model can take.
 */
public record ChatMessage(
        @NotNull @Pattern(regexp = "system|developer|user|assistant|tool",
                message = "must be one of system, developer, user, assistant, tool") String role,
        JsonNode content,
        String name,
        @JsonProperty("tool_call_id") String toolCallId,
        @JsonProperty("tool_calls") JsonNode toolCalls) {
}

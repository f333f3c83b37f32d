package dev.flaregate.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * OpenAI's {@code response_format}: {@code text}, {@code json_object}, or {@code json_schema} with
 * {@code {name, schema, strict}}.
 */
public record ResponseFormat(
        @NotNull @Pattern(regexp = "text|json_object|json_schema",
                message = "must be 'text', 'json_object' or 'json_schema'") String type,
        @JsonProperty("json_schema") JsonNode jsonSchema) {

    public boolean json() {
        return !"text".equals(type);
    }
}

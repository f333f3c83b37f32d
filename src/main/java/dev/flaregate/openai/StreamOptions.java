package dev.flaregate.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
}

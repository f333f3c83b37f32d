package dev.flaregate.workersai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts as Workers AI reports them; any of them may be missing. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkersAiUsage(
        @JsonProperty("prompt_tokens") Integer promptTokens,
        @JsonProperty("completion_tokens") Integer completionTokens,
        @JsonProperty("total_tokens") Integer totalTokens) {

    public int prompt() {
        return promptTokens == null ? 0 : promptTokens;
    }

    public int completion() {
        return completionTokens == null ? 0 : completionTokens;
    }

    public WorkersAiUsage plus(WorkersAiUsage other) {
        return new WorkersAiUsage(prompt() + other.prompt(), completion() + other.completion(),
                prompt() + other.prompt() + completion() + other.completion());
    }
}

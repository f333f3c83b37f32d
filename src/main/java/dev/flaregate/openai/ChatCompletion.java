package dev.flaregate.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's {@code chat.completion} response. */
public record ChatCompletion(String id, String object, long created, String model, List<Choice> choices,
        Usage usage) {

    public static final String OBJECT = "chat.completion";

    public ChatCompletion(String id, long created, String model, List<Choice> choices, Usage usage) {
        this(id, OBJECT, created, model, choices, usage);
    }

    /** {@code logprobs} is always present as null: the gateway cannot produce log probabilities. */
    public record Choice(int index, Message message, Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {

        public Choice(int index, Message message, String finishReason) {
            this(index, message, null, finishReason);
        }
    }

    /** {@code content} is null when the model called tools instead of answering. */
    public record Message(String role, String content,
            @JsonProperty("reasoning_content") @JsonInclude(JsonInclude.Include.NON_NULL) String reasoningContent,
            @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolCall> toolCalls,
            Object refusal) {

        public static Message assistant(String content, String reasoningContent) {
            return new Message("assistant", content, reasoningContent, null, null);
        }

        public static Message toolCalls(List<ToolCall> calls, String reasoningContent) {
            return new Message("assistant", null, reasoningContent, calls, null);
        }
    }
}

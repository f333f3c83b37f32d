package dev.flaregate.openai;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's {@code chat.completion.chunk}. {@code usage} is three-valued on the wire: absent when the client did not
 * ask for usage, {@code null} on every chunk but the last when it did, and filled on the last one. A null field
 * is left out; {@code Optional.empty()} is written as {@code null}.
 */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Usage> usage) {

    public static final String OBJECT = "chat.completion.chunk";

    public record Choice(int index, Delta delta, Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content,
            @JsonProperty("reasoning_content") String reasoningContent,
            @JsonProperty("tool_calls") List<ToolCallDelta> toolCalls) {

        public static final Delta EMPTY = new Delta(null, null, null, null);

        public Delta(String role, String content, String reasoningContent) {
            this(role, content, reasoningContent, null);
        }
    }

    /**
     * A piece of a streamed tool call: {@code index} is stable per call; {@code id}, {@code type} and the name come
     * on a call's first piece, then fragments of {@code arguments}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionDelta(String name, String arguments) {
    }
}

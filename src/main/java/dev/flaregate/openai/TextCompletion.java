package dev.flaregate.openai;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI's {@code text_completion}, both the whole answer and a streamed chunk (which has the same shape, without
 * usage unless asked for).
 */
public record TextCompletion(String id, String object, long created, String model, List<Choice> choices,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Usage> usage) {

    public static final String OBJECT = "text_completion";

    public record Choice(String text, int index, Object logprobs,
            @JsonProperty("finish_reason") String finishReason) {

        public Choice(String text, int index, String finishReason) {
            this(text, index, null, finishReason);
        }
    }
}

package dev.flaregate.workersai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code data:} frame of a Workers AI text stream, in either shape. Classic frames carry {@code response} (a
 * token) and padding {@code p}; chat-shaped frames carry {@code choices[].delta} and incremental {@code usage}.
 * Both end with a frame holding only the cumulative {@code usage}. Padding is not mapped at all. A frame with
 * {@code success: false} reports a failure in the middle of the stream.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TextGenerationChunk(
        String response,
        @JsonProperty("tool_calls") JsonNode toolCalls,
        List<Choice> choices,
        WorkersAiUsage usage,
        Boolean success,
        List<WorkersAiMessage> errors) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(Integer index, GeneratedText delta, @JsonProperty("finish_reason") String finishReason) {
    }

    /**
     * Chat-shaped frames carry per-frame increments; the frame without {@code choices} that closes every stream
     * carries the total, which must not be added to them.
     */
    public boolean carriesTotalUsage() {
        return choices == null && usage != null;
    }
}

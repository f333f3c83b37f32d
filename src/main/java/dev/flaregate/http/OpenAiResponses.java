package dev.flaregate.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.error.Failures;
import dev.flaregate.metrics.RequestRecord;
import dev.flaregate.openai.EventStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The two ways an OpenAI endpoint answers from one method that produces JSON: a JSON body, or OpenAI's event
 * stream (see {@link OpenAiBodyWriter}). Producing JSON for both means {@code Accept: application/json} (which the
 * OpenAI Python SDK sends even for streams) never gets a 406. The method returns a {@code Uni} either way, so that a
 * JSON body is one write with its length, and a stream's failure before its first event goes through the exception
 * mappers like any other error, with its real HTTP status.
 */
@ApplicationScoped
public class OpenAiResponses {

    private final ObjectMapper json;

    OpenAiResponses(ObjectMapper json) {
        this.json = json;
    }

    public Uni<OpenAiBody> body(Uni<?> answer) {
        return answer.map(body -> new OpenAiBody.Json(JsonBuffers.write(json, body)));
    }

    /** Each group of events, those known at the same moment, goes to the client in one write. */
    public Uni<OpenAiBody> eventStream(Multi<? extends List<?>> events) {
        RequestRecord record = RequestRecord.current();
        Multi<byte[]> frames = EventStream.of(events, json, failure -> {
            ApiError error = Failures.toApiError(failure);
            record.failed(failure, error);
            return error.toResponse();
        });
        return StreamStart.of(frames).map(OpenAiBody.Events::new);
    }
}

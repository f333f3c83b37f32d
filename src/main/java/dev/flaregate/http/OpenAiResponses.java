package dev.flaregate.http;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.flaregate.error.ApiError;
import dev.flaregate.error.Failures;
import dev.flaregate.metrics.RequestRecord;
import dev.flaregate.openai.EventStream;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The two ways an OpenAI endpoint answers from one method that produces JSON: a JSON body, or OpenAI's event
 * stream with the headers that keep proxies from buffering it. Producing JSON for both means
 * {@code Accept: application/json} (which the OpenAI Python SDK sends even for streams) never gets a 406.
 */
@ApplicationScoped
public class OpenAiResponses {

    private final ObjectMapper json;

    OpenAiResponses(ObjectMapper json) {
        this.json = json;
    }

    public RestMulti<Buffer> body(Uni<?> answer) {
        return RestMulti.fromMultiData(answer.map(this::toJson).toMulti())
                .encodeAsJsonArray(false)
                .build();
    }

    public RestMulti<Buffer> eventStream(Multi<?> events) {
        RequestRecord record = RequestRecord.current();
        Multi<Buffer> frames = EventStream.of(events, json, failure -> {
            ApiError error = Failures.toApiError(failure);
            record.failed(failure, error);
            return error.toResponse();
        });
        return RestMulti.fromMultiData(frames)
                .encodeAsJsonArray(false)
                .header("Content-Type", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    private Buffer toJson(Object body) {
        try {
            return Buffer.buffer(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + body.getClass().getSimpleName(), e);
        }
    }
}

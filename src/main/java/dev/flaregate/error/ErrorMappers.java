package dev.flaregate.error;

import java.time.Duration;

import jakarta.validation.ValidationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.flaregate.metrics.RequestRecord;
import dev.flaregate.openai.ErrorResponse;

/**
 * Every failure leaves the gateway here, as OpenAI's error envelope with its real HTTP status. Quarkus maps
 * validation failures and mismatched JSON types itself, in other shapes, so those two are claimed explicitly; the
 * rest falls to the catch-all.
 */
public class ErrorMappers {

    /** What a client should wait after a 429 or 503 when nothing more precise is known. */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> validation(ValidationException e) {
        return respond(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> mismatchedInput(MismatchedInputException e) {
        return respond(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> any(Throwable e) {
        return respond(e);
    }

    private static RestResponse<ErrorResponse> respond(Throwable failure) {
        ApiError error = Failures.toApiError(failure);
        RequestRecord.current().failed(failure, error);
        RestResponse.ResponseBuilder<ErrorResponse> response = RestResponse.ResponseBuilder
                .<ErrorResponse>create(error.status())
                .entity(error.toResponse())
                .type(MediaType.APPLICATION_JSON_TYPE);
        Duration wait = error.retryAfter() != null ? error.retryAfter()
                : error.status() == 429 || error.status() == 503 ? DEFAULT_WAIT : null;
        if (wait != null) {
            response.header(HttpHeaders.RETRY_AFTER, Math.max(1, (wait.toMillis() + 999) / 1000));
            response.header("retry-after-ms", Math.max(1, wait.toMillis()));
        }
        if (!error.worthRetrying()) {
            // The OpenAI SDKs retry 408, 409, 429 and 5xx on their own unless told that it cannot help.
            response.header("x-should-retry", "false");
        }
        return response.build();
    }
}

package dev.flaregate.error;

import jakarta.validation.ValidationException;
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
        error.headers().forEach(response::header);
        return response.build();
    }
}

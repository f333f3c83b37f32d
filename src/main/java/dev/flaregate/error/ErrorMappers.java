package dev.flaregate.error;

import jakarta.validation.ValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.flaregate.openai.ErrorResponse;
import dev.flaregate.workersai.WorkersAiException;

/**
 * Every failure leaves the gateway here, as OpenAI's error envelope with its real HTTP status. The specific types
 * are listed so that these mappers win over Quarkus' built-in ones, which answer in other shapes.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> apiError(ApiError e) {
        return respond(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> upstream(WorkersAiException e) {
        return respond(Failures.toApiError(e));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> validation(ValidationException e) {
        return respond(Failures.toApiError(e));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> json(JsonProcessingException e) {
        return respond(Failures.toApiError(e));
    }

    /** Quarkus maps this one itself, with an empty body outside dev mode. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> mismatchedInput(MismatchedInputException e) {
        return respond(Failures.toApiError(e));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e) {
        return respond(Failures.toApiError(e));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> any(Throwable e) {
        return respond(Failures.toApiError(e));
    }

    private static RestResponse<ErrorResponse> respond(ApiError error) {
        RestResponse.ResponseBuilder<ErrorResponse> response = RestResponse.ResponseBuilder
                .<ErrorResponse>create(error.status())
                .entity(error.toResponse())
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (error.retryAfter() != null) {
            long seconds = Math.max(1, (error.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, seconds);
        }
        return response.build();
    }
}

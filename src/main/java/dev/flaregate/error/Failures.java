package dev.flaregate.error;

import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.flaregate.workersai.WorkersAiException;

/** Turns any failure into the {@link ApiError} the client sees, for responses and streams alike. */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static ApiError toApiError(Throwable failure) {
        if (failure instanceof ApiError api) {
            return api;
        }
        if (failure instanceof WorkersAiException upstream) {
            ApiError error = UpstreamErrors.toApiError(upstream, Instant.now());
            if (error.status() >= 500) {
                LOG.warnf("Workers AI call failed (%s%s): %s", upstream.kind(), upstream.upstreamRequestId() == null
                        ? "" : ", cf-ai-req-id " + upstream.upstreamRequestId(), upstream.getMessage());
            }
            return error;
        }
        if (failure instanceof ConstraintViolationException violations) {
            return fromViolations(violations);
        }
        if (failure instanceof JsonProcessingException json) {
            return JsonFailures.toApiError(json);
        }
        if (failure instanceof WebApplicationException web) {
            return fromWeb(web);
        }
        LOG.error("Unexpected failure while serving a request", failure);
        return new ApiError(500, "api_error", null, null, "The gateway failed to handle the request", null);
    }

    private static ApiError fromWeb(WebApplicationException web) {
        if (web.getCause() instanceof JsonProcessingException json) {
            return JsonFailures.toApiError(json);
        }
        int status = web.getResponse().getStatus();
        if (web instanceof NotFoundException) {
            return new ApiError(404, "invalid_request_error", "unknown_url", null,
                    "Unknown request URL. See the README for the endpoints this gateway serves.", null);
        }
        if (web instanceof NotAllowedException) {
            return new ApiError(405, "invalid_request_error", "method_not_allowed", null,
                    "This HTTP method is not allowed on this URL", null);
        }
        if (web instanceof NotSupportedException) {
            return new ApiError(415, "invalid_request_error", null, null,
                    "The request body must be JSON, sent with Content-Type: application/json", null);
        }
        String type = status >= 500 ? "api_error" : "invalid_request_error";
        return new ApiError(status, type, null, null, web.getMessage(), null);
    }

    /** Only violations of the request itself are the client's fault; others (return values) are ours. */
    private static ApiError fromViolations(ConstraintViolationException violations) {
        ConstraintViolation<?> first = violations.getConstraintViolations().stream()
                .sorted((a, b) -> a.getPropertyPath().toString().compareTo(b.getPropertyPath().toString()))
                .findFirst().orElse(null);
        if (first == null || !isParameterViolation(first)) {
            LOG.error("Constraint violation outside the request", violations);
            return new ApiError(500, "api_error", null, null, "The gateway failed to handle the request", null);
        }
        String param = requestPath(first.getPropertyPath());
        if (param.isEmpty()) {
            return ApiError.invalidRequest("The request body is required and must be a JSON object", null);
        }
        String others = violations.getConstraintViolations().size() > 1
                ? violations.getConstraintViolations().stream()
                        .filter(v -> v != first)
                        .map(v -> requestPath(v.getPropertyPath()))
                        .sorted().collect(Collectors.joining(", ", " (also invalid: ", ")"))
                : "";
        return ApiError.invalidRequest("Invalid '" + param + "': " + first.getMessage() + others, param);
    }

    private static boolean isParameterViolation(ConstraintViolation<?> violation) {
        int i = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            if (i++ == 1) {
                return node.getKind() == ElementKind.PARAMETER;
            }
        }
        return false;
    }

    /** "create.request.messages[0].role" is the method, the parameter, then the path inside the request. */
    private static String requestPath(Path path) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Path.Node node : path) {
            if (i++ < 2) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                out.append(out.length() > 0 ? "." : "").append(jsonName(node.getName()));
            }
        }
        return out.toString();
    }

    /** OpenAI's field names are the snake_case of our record components: {@code topP} is {@code top_p}. */
    private static String jsonName(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

package dev.flaregate.error;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import dev.flaregate.workersai.WorkersAiException;

/**
 * The one table from Workers AI failures to what an OpenAI client should see. The client always gets Workers AI's
 * own code and message in {@code message}; {@code code} carries OpenAI's code where one fits and
 * {@code workers_ai_<code>} otherwise.
 */
public final class UpstreamErrors {

    private record Mapping(int status, String type, String code) {
    }

    private static final Mapping INVALID = new Mapping(400, "invalid_request_error", null);
    private static final Mapping FORBIDDEN = new Mapping(403, "permission_error", null);
    private static final Mapping UPSTREAM_TIMEOUT = new Mapping(504, "api_error", "upstream_timeout");
    private static final Mapping QUOTA = new Mapping(429, "insufficient_quota", "insufficient_quota");
    private static final Mapping RATE_LIMITED = new Mapping(429, "requests", "rate_limit_exceeded");
    private static final Mapping BAD_GATEWAY = new Mapping(502, "api_error", null);

    private static final Map<Integer, Mapping> BY_CODE = Map.ofEntries(
            Map.entry(5007, new Mapping(404, "invalid_request_error", "model_not_found")),
            Map.entry(3042, new Mapping(404, "invalid_request_error", "model_not_found")),
            Map.entry(5006, INVALID),
            Map.entry(5004, INVALID),
            Map.entry(3003, INVALID),
            Map.entry(3039, INVALID),
            Map.entry(5005, INVALID),
            Map.entry(5019, INVALID),
            Map.entry(1001, INVALID),
            Map.entry(3030, new Mapping(400, "invalid_request_error", "context_length_exceeded")),
            Map.entry(3006, new Mapping(413, "invalid_request_error", "request_too_large")),
            Map.entry(5016, FORBIDDEN),
            Map.entry(5018, FORBIDDEN),
            Map.entry(3023, FORBIDDEN),
            Map.entry(3041, FORBIDDEN),
            Map.entry(5035, FORBIDDEN),
            Map.entry(3007, UPSTREAM_TIMEOUT),
            Map.entry(3008, UPSTREAM_TIMEOUT),
            Map.entry(10000, new Mapping(502, "api_error", "upstream_authentication_failed")),
            Map.entry(2009, new Mapping(502, "api_error", "upstream_authentication_failed")),
            Map.entry(8005, BAD_GATEWAY));

    private UpstreamErrors() {
    }

    public static ApiError toApiError(WorkersAiException e, Instant now) {
        return switch (e.kind()) {
            case TIMEOUT -> new ApiError(504, "api_error", "upstream_timeout", null, e.getMessage(), null);
            case UNREACHABLE -> new ApiError(502, "api_error", "upstream_unreachable", null, e.getMessage(), null);
            case TRUNCATED_STREAM -> new ApiError(502, "api_error", "upstream_stream_truncated", null,
                    e.getMessage(), null);
            case MALFORMED_RESPONSE -> new ApiError(502, "api_error", "upstream_malformed_response", null,
                    e.getMessage(), null);
            case OVERLOADED -> new ApiError(429, "requests", "gateway_overloaded", null, e.getMessage(),
                    e.retryAfter());
            case CIRCUIT_OPEN -> new ApiError(503, "api_error", "upstream_circuit_open", null, e.getMessage(),
                    e.retryAfter());
            case ERROR_RESPONSE -> fromResponse(e, now);
        };
    }

    private static ApiError fromResponse(WorkersAiException e, Instant now) {
        Integer code = e.code();
        Mapping mapping = e.quotaExhausted() ? QUOTA : e.outOfCapacity() ? RATE_LIMITED
                : code == null ? null : BY_CODE.get(code);
        if (mapping == null) {
            mapping = byStatus(e.httpStatus());
        }
        String openAiCode = mapping.code() != null ? mapping.code() : code != null ? "workers_ai_" + code : null;
        String message = describe(code, e);
        Duration retryAfter = mapping == QUOTA ? untilMidnightUtc(now) : e.retryAfter();
        return new ApiError(mapping.status(), mapping.type(), openAiCode, null, message, retryAfter);
    }

    private static String describe(Integer code, WorkersAiException e) {
        String origin = "Workers AI error" + (code != null ? " " + code : "") + ": " + e.getMessage();
        if (code != null && (code == 10000 || code == 2009)) {
            return "Cloudflare rejected the gateway's own credentials (" + origin + "). Check CLOUDFLARE_API_TOKEN "
                    + "and CLOUDFLARE_ACCOUNT_ID.";
        }
        return origin;
    }

    private static Mapping byStatus(int status) {
        return switch (status) {
            case 400, 404, 405, 422 -> INVALID;
            case 403 -> FORBIDDEN;
            case 408 -> UPSTREAM_TIMEOUT;
            case 413 -> new Mapping(413, "invalid_request_error", "request_too_large");
            case 429 -> RATE_LIMITED;
            default -> BAD_GATEWAY;
        };
    }

    /** Workers AI's daily allocation resets at 00:00 UTC: nothing helps before then. */
    static Duration untilMidnightUtc(Instant now) {
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        return Duration.between(now, midnight);
    }
}

package dev.flaregate.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.flaregate.openai.ErrorResponse;

/**
 * A failure as the client will see it: an HTTP status and OpenAI's {@code {"error":{message,type,param,code}}}.
 * Everything the gateway refuses or cannot serve ends as one of these, in a response or in a stream.
 */
public final class ApiError extends RuntimeException {

    /** What a client should wait after a 429 or 503 when nothing more precise is known. */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Duration retryAfter;

    public ApiError(int status, String type, String code, String param, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static ApiError invalidRequest(String message, String param) {
        return new ApiError(400, "invalid_request_error", null, param, message, null);
    }

    public int status() {
        return status;
    }

    /** OpenAI's {@code type}: {@code invalid_request_error}, {@code api_error}, ... */
    public String type() {
        return type;
    }

    /** OpenAI's {@code code} ({@code rate_limit_exceeded}, ...), or null where none fits. */
    public String code() {
        return code;
    }

    /** Seconds the client should wait before trying again, when that is known. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whether the same request may succeed later: not for the daily allocation, nor for a client error other than
     * a timeout, a conflict or a rate limit.
     */
    public boolean worthRetrying() {
        if ("insufficient_quota".equals(code)) {
            return false;
        }
        return status >= 500 || status == 408 || status == 409 || status == 429;
    }

    /**
     * The headers that go with this error wherever it is answered: {@code Retry-After} (seconds) and
     * {@code retry-after-ms} on a 429 or 503, and {@code x-should-retry: false} when a retry cannot help, which the
     * OpenAI SDKs obey, so that their own retries do not pile onto the gateway's.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        Duration wait = retryAfter != null ? retryAfter : status == 429 || status == 503 ? DEFAULT_WAIT : null;
        if (wait != null) {
            headers.put("Retry-After", Long.toString(retrySeconds(wait)));
            headers.put("retry-after-ms", Long.toString(Math.max(1, wait.toMillis())));
        }
        if (!worthRetrying()) {
            headers.put("x-should-retry", "false");
        }
        return headers;
    }

    /** A wait as {@code Retry-After} gives it: whole seconds, rounded up, at least one. */
    public static long retrySeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    public ErrorResponse toResponse() {
        return ErrorResponse.of(getMessage(), type, param, code);
    }
}

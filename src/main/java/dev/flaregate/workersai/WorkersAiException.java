package dev.flaregate.workersai;

import java.time.Duration;
import java.util.Set;

/**
 * A failure of a Workers AI call, decoded once from whatever the upstream sent: the v4 envelope, AI Gateway's own
 * envelope, a plain-text edge error, a broken stream or no answer at all. Carries Workers AI's words, never the
 * request (so never the token).
 */
public final class WorkersAiException extends RuntimeException {

    public enum Kind {
        /** Workers AI answered with an error: {@link #code()} and {@link #httpStatus()} say which. */
        ERROR_RESPONSE,
        /** The stream ended without {@code [DONE]}: the answer is cut. */
        TRUNCATED_STREAM,
        /** The answer could not be read, or held no result. */
        MALFORMED_RESPONSE,
        /** No answer: connection refused or reset, or a timeout. */
        UNREACHABLE,
        /** Workers AI did not answer within the gateway's time limit. */
        TIMEOUT,
        /** Workers AI failed so often that the gateway stopped calling it for a while. */
        CIRCUIT_OPEN,
        /** The gateway's own bound on concurrent Workers AI calls, and its queue, were full. */
        OVERLOADED
    }

    /** The daily free allocation (Workers AI), or AI Gateway's credits or spend limit: nothing helps before reset. */
    private static final Set<Integer> QUOTA = Set.of(3036, 4006, 2021, 2041);
    /** Out of capacity for a moment: Workers AI's 3040, AI Gateway's rate limit, the edge's 1015. */
    private static final Set<Integer> CAPACITY = Set.of(3040, 2003, 1015);

    private final Kind kind;
    private final int httpStatus;
    private final Integer code;
    private final Duration retryAfter;
    private final String upstreamRequestId;

    public WorkersAiException(Kind kind, int httpStatus, Integer code, String message, Duration retryAfter) {
        this(kind, httpStatus, code, message, retryAfter, null);
    }

    public WorkersAiException(Kind kind, int httpStatus, Integer code, String message, Duration retryAfter,
            String upstreamRequestId) {
        super(message, null, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.code = code;
        this.retryAfter = retryAfter;
        this.upstreamRequestId = upstreamRequestId;
    }

    public static WorkersAiException of(Kind kind, String message) {
        return new WorkersAiException(kind, 0, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status Workers AI answered with, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Workers AI's (or AI Gateway's, or the edge's) numeric error code, when it sent one. */
    public Integer code() {
        return code;
    }

    public boolean quotaExhausted() {
        return kind == Kind.ERROR_RESPONSE && code != null && QUOTA.contains(code);
    }

    public boolean outOfCapacity() {
        return kind == Kind.ERROR_RESPONSE && code != null && CAPACITY.contains(code);
    }

    /** Workers AI's id for the failed call ({@code cf-ai-req-id}), for its logs and Cloudflare support; or null. */
    public String upstreamRequestId() {
        return upstreamRequestId;
    }

    /** The wait Workers AI asked for with {@code retry-after-ms} or {@code Retry-After}, if any. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.flaregate.workersai;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Which Workers AI failures a retry can cure, and how long to wait before it. Out of capacity (3040), server
 * errors, no connection and timeouts are worth another try; the daily allocation (3036, 4006) and every other
 * client error are not. The wait honours Workers AI's {@code retry-after-ms} or {@code Retry-After}, else grows
 * exponentially with jitter. Pure.
 */
public final class RetryPolicy {

    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public RetryPolicy(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public boolean retryable(Throwable failure) {
        if (!(failure instanceof WorkersAiException e)) {
            return false;
        }
        return switch (e.kind()) {
            case UNREACHABLE, TIMEOUT -> true;
            case TRUNCATED_STREAM, MALFORMED_RESPONSE, CIRCUIT_OPEN, OVERLOADED -> false;
            case ERROR_RESPONSE -> worthRetrying(e);
        };
    }

    private boolean worthRetrying(WorkersAiException e) {
        if (e.quotaExhausted()) {
            return false;
        }
        if (e.outOfCapacity()) {
            // A wait longer than our longest backoff is better left to the client, who is told how long.
            return e.retryAfter() == null || e.retryAfter().compareTo(maxBackoff) <= 0;
        }
        int status = e.httpStatus();
        Integer code = e.code();
        return status >= 500 || status == 408 || code != null && (code == 3007 || code == 3008 || code == 8005);
    }

    /** Whether a failure says Workers AI itself is unwell: what the circuit breaker counts. */
    public static boolean upstreamFault(Throwable failure) {
        if (!(failure instanceof WorkersAiException e)) {
            return false;
        }
        return switch (e.kind()) {
            case UNREACHABLE, TIMEOUT -> true;
            case TRUNCATED_STREAM, MALFORMED_RESPONSE, CIRCUIT_OPEN, OVERLOADED -> false;
            case ERROR_RESPONSE -> e.httpStatus() >= 500;
        };
    }

    /** Pause before retry number {@code retry} (1 for the first). */
    long delayMillis(Throwable failure, int retry) {
        if (failure instanceof WorkersAiException e && e.retryAfter() != null) {
            return Math.min(e.retryAfter().toMillis(), maxBackoff.toMillis());
        }
        long exponential = initialBackoff.toMillis() << Math.min(retry - 1, 20);
        long capped = Math.min(exponential, maxBackoff.toMillis());
        // Full jitter in the upper half: spreads retries of many clients, never waits less than half the backoff.
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** SmallRye Fault Tolerance makes one strategy per guarded call, so it can count that call's retries. */
    CustomBackoffStrategy backoff() {
        return new CustomBackoffStrategy() {
            private int retries;

            @Override
            public long nextDelayInMillis(Throwable failure) {
                return delayMillis(failure, ++retries);
            }
        };
    }
}

package dev.flaregate.limits;

import java.time.Duration;

/**
 * What one {@link Check} found.
 *
 * @param check      the check
 * @param fits       whether its {@code need} fitted
 * @param remaining  units left after this call
 * @param reset      time until the limit is back to its full size (the bucket refilled, or the day over)
 * @param retryAfter when it did not fit: time until it would
 */
public record Outcome(Check check, boolean fits, long remaining, Duration reset, Duration retryAfter) {
}

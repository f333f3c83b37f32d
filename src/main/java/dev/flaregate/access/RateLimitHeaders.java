package dev.flaregate.access;

import java.time.Duration;

import dev.flaregate.error.ApiError;
import dev.flaregate.limits.Outcome;
import io.vertx.core.http.HttpServerResponse;

/**
 * OpenAI's rate limit headers: {@code x-ratelimit-limit-requests}, {@code -remaining-requests},
 * {@code -reset-requests} and the same for tokens. The reset is the time until the limit is whole again, written as
 * OpenAI writes it ({@code 1s}, {@code 6m0s}, {@code 250ms}).
 */
final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static void put(HttpServerResponse response, String unit, Outcome outcome) {
        response.putHeader("x-ratelimit-limit-" + unit, Long.toString(outcome.check().limit()));
        response.putHeader("x-ratelimit-remaining-" + unit, Long.toString(outcome.remaining()));
        response.putHeader("x-ratelimit-reset-" + unit, duration(outcome.reset()));
    }

    /** Go's duration format, which OpenAI uses: {@code 1h2m3.5s}, {@code 59.9s}, {@code 120ms}. */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long secondsMillis = millis % 60_000;
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(secondsMillis / 1000);
        long fraction = secondsMillis % 1000;
        if (fraction > 0) {
            // Milliseconds as a decimal fraction without its trailing zeros: 50 ms is ".05".
            int digits = 3;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String shown = Long.toString(fraction);
            out.append('.').append("0".repeat(digits - shown.length())).append(shown);
        }
        return out.append('s').toString();
    }

    /** For messages: whole seconds, rounded up, or hours and minutes for long waits. */
    static String humane(Duration wait) {
        long seconds = ApiError.retrySeconds(wait);
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
    }
}

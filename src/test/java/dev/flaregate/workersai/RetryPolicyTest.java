package dev.flaregate.workersai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flaregate.workersai.WorkersAiException.Kind;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2));

    private static WorkersAiException answer(int status, Integer code, Duration retryAfter) {
        return new WorkersAiException(Kind.ERROR_RESPONSE, status, code, "m", retryAfter);
    }

    @Test
    void retriesWhatARetryCanCure() {
        assertTrue(policy.retryable(answer(429, 3040, null)));
        assertTrue(policy.retryable(answer(200, 3040, null)), "success: false with 3040 is capacity too");
        assertTrue(policy.retryable(answer(500, 8005, null)));
        assertTrue(policy.retryable(answer(503, null, null)));
        assertTrue(policy.retryable(answer(408, 3007, null)));
        assertTrue(policy.retryable(WorkersAiException.of(Kind.UNREACHABLE, "refused")));
        assertTrue(policy.retryable(WorkersAiException.of(Kind.TIMEOUT, "slow")));
    }

    @Test
    void neverRetriesQuotaClientErrorsOrBrokenAnswers() {
        assertFalse(policy.retryable(answer(429, 3036, null)));
        assertFalse(policy.retryable(answer(429, 4006, null)));
        assertFalse(policy.retryable(answer(400, 5006, null)));
        assertFalse(policy.retryable(answer(401, 10000, null)));
        assertFalse(policy.retryable(answer(400, 5007, null)));
        assertFalse(policy.retryable(WorkersAiException.of(Kind.TRUNCATED_STREAM, "cut")));
        assertFalse(policy.retryable(WorkersAiException.of(Kind.CIRCUIT_OPEN, "open")));
        assertFalse(policy.retryable(new IllegalStateException("a bug of ours")));
        assertFalse(policy.retryable(answer(429, 3040, Duration.ofSeconds(30))),
                "a wait longer than the longest backoff is the client's to make");
    }

    @Test
    void waitsForRetryAfterOrBacksOffExponentiallyWithJitter() {
        assertEquals(1500, policy.delayMillis(answer(429, 3040, Duration.ofMillis(1500)), 1));
        for (int i = 0; i < 50; i++) {
            long first = policy.delayMillis(answer(503, null, null), 1);
            long third = policy.delayMillis(answer(503, null, null), 3);
            long tenth = policy.delayMillis(answer(503, null, null), 10);
            assertTrue(first >= 100 && first <= 200, "first " + first);
            assertTrue(third >= 400 && third <= 800, "third " + third);
            assertTrue(tenth >= 1000 && tenth <= 2000, "capped " + tenth);
        }
    }

    @Test
    void theBreakerCountsOnlyWorkersAisOwnFaults() {
        assertTrue(RetryPolicy.upstreamFault(answer(502, null, null)));
        assertTrue(RetryPolicy.upstreamFault(WorkersAiException.of(Kind.TIMEOUT, "slow")));
        assertFalse(RetryPolicy.upstreamFault(answer(429, 3040, null)));
        assertFalse(RetryPolicy.upstreamFault(answer(400, 5006, null)));
    }
}

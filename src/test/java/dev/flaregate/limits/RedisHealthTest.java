package dev.flaregate.limits;

import static dev.flaregate.limits.RedisHealth.Route.LOCAL;
import static dev.flaregate.limits.RedisHealth.Route.PROBE;
import static dev.flaregate.limits.RedisHealth.Route.SHARED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.TimeoutException;

/**
 * The hysteresis of shared limits, as pure transitions: a late answer is not an outage, an outage is given up at
 * once and for a while, late answers from before change nothing, and only one probe at a time brings Redis back.
 */
class RedisHealthTest {

    private static final long HOLD = 5_000_000_000L;
    private static final long TIMEOUT = 250_000_000L;
    private static final int MAX_TIMEOUTS = 3;

    @Test
    void timeoutsGiveRedisUpOnlyWhenSeveralComeInARow() {
        RedisHealth health = RedisHealth.UP;
        long t = 0;
        for (int round = 0; round < 10; round++) {
            health = timeout(health, t, t + TIMEOUT);
            health = timeout(health, t + TIMEOUT, t + 2 * TIMEOUT).answered(SHARED);
            t += 2 * TIMEOUT;
            assertTrue(health.shared(), "two late answers then one in time, round " + round);
        }
        for (int i = 0; i < MAX_TIMEOUTS; i++) {
            health = timeout(health, t, t + TIMEOUT);
            t += TIMEOUT;
        }
        assertFalse(health.shared());
        assertEquals(LOCAL, health.route(t + HOLD - 1));
    }

    @Test
    void checksSentTogetherThatStallTogetherAreOneTimeout() {
        RedisHealth health = RedisHealth.UP;
        for (int i = 0; i < 300; i++) {
            health = timeout(health, i, TIMEOUT + i);
        }
        assertTrue(health.shared(), "a burst that Redis answered late once");
        assertEquals(1, health.timeoutsInARow());
    }

    private static RedisHealth timeout(RedisHealth health, long sent, long now) {
        return health.failed(SHARED, false, sent, now, HOLD, MAX_TIMEOUTS);
    }

    @Test
    void aRefusedConnectionGivesRedisUpAtOnceAndLateAnswersDoNotBringItBack() {
        RedisHealth down = RedisHealth.UP.failed(SHARED, true, 0, 0, HOLD, MAX_TIMEOUTS);
        assertFalse(down.shared());
        // Checks sent before Redis was given up answer now: the instance stays alone, it does not flap.
        assertEquals(down, down.answered(SHARED));
        assertEquals(down, timeout(down, 0, 10));
        for (long t = 0; t < HOLD; t += HOLD / 100) {
            assertEquals(LOCAL, down.route(t), "held down at " + t);
        }
    }

    @Test
    void oneProbeAtATimeAndOnlyItsAnswerSharesTheLimitsAgain() {
        RedisHealth down = RedisHealth.UP.failed(SHARED, true, 0, 0, HOLD, MAX_TIMEOUTS);
        assertEquals(PROBE, down.route(HOLD));
        RedisHealth probing = down.probing(HOLD, HOLD);
        assertEquals(LOCAL, probing.route(HOLD + 1), "a second probe while the first is out");

        RedisHealth stillDown = probing.failed(PROBE, true, HOLD, HOLD + 10, HOLD, MAX_TIMEOUTS);
        assertEquals(LOCAL, stillDown.route(2 * HOLD), "a failed probe holds down for another period");
        assertEquals(PROBE, stillDown.route(2 * HOLD + 10));

        RedisHealth back = stillDown.probing(2 * HOLD + 10, HOLD).answered(PROBE);
        assertTrue(back.shared());
        assertEquals(SHARED, back.route(2 * HOLD + 11));
    }

    @Test
    void refusedConnectionsAreOutagesWhileLateAndErrorAnswersAreNot() {
        assertTrue(RedisHealth.unreachable(new ConnectException("Connection refused")));
        assertFalse(RedisHealth.unreachable(new TimeoutException()));
    }

    @Test
    void aShareIsTheLimitDividedByTheReplicasAndNeverNothing() {
        assertEquals(100, Check.takeOneInAnyMinute("calls", 300).share(3).limit());
        assertEquals(1, Check.takeOne("requests", 2).share(3).limit());
    }
}

package dev.flaregate.limits;

import io.smallrye.mutiny.TimeoutException;
import io.vertx.redis.client.impl.types.ErrorType;

/**
 * Whether limits are counted in Redis or by this instance alone, as a value: each transition is a pure function of
 * the state, what happened and the time, so the hysteresis can be tested without a Redis or a clock.
 * <p>
 * A refused connection (or one that closed) means Redis is unreachable at once; a check that times out only counts
 * towards {@code timeoutsInARow}, since a loaded Redis answers late without being gone, and only if it was sent after
 * the previous timeout counted: hundreds of checks sent together that stall together are one timeout, not
 * hundreds, so only Redis staying silent through several timeouts gives it up. Once degraded the instance
 * stays so until {@code retryAtNanos}, then lets a single check through as a probe per hold-down period; only that
 * probe's success makes the limits shared again. Late answers to checks sent before Redis was given up change
 * nothing, so the state cannot flap at the rate of the requests.
 *
 * @param shared         whether checks go to Redis
 * @param timeoutsInARow timeouts since the last answer, while shared
 * @param lastTimeout    while shared, when the last timeout counted ({@link System#nanoTime()} scale)
 * @param retryAtNanos   while degraded, when the next probe may go (same scale)
 */
record RedisHealth(boolean shared, int timeoutsInARow, long lastTimeout, long retryAtNanos) {

    /** Where one check is counted. */
    enum Route {
        /** In Redis, as every check while shared. */
        SHARED,
        /** In Redis, as the one check that finds out whether Redis is back. */
        PROBE,
        /** By this instance alone, its share of each limit. */
        LOCAL
    }

    static final RedisHealth UP = new RedisHealth(true, 0, 0, 0);

    Route route(long nowNanos) {
        if (shared) {
            return Route.SHARED;
        }
        return nowNanos - retryAtNanos >= 0 ? Route.PROBE : Route.LOCAL;
    }

    /** The state once a probe was let through: no other before the next hold-down period is over. */
    RedisHealth probing(long nowNanos, long holdDownNanos) {
        return degraded(nowNanos, holdDownNanos);
    }

    RedisHealth answered(Route route) {
        if (shared) {
            return timeoutsInARow == 0 ? this : UP;
        }
        return route == Route.PROBE ? UP : this;
    }

    /**
     * @param unreachable a refused or closed connection, rather than a late answer
     * @param sentNanos   when the check that failed was sent
     * @param maxTimeouts timeouts in a row that count as Redis being gone
     */
    RedisHealth failed(Route route, boolean unreachable, long sentNanos, long nowNanos, long holdDownNanos,
            int maxTimeouts) {
        if (!shared) {
            return route == Route.PROBE ? degraded(nowNanos, holdDownNanos) : this;
        }
        if (unreachable) {
            return degraded(nowNanos, holdDownNanos);
        }
        if (timeoutsInARow > 0 && sentNanos - lastTimeout < 0) {
            return this;
        }
        return timeoutsInARow + 1 >= maxTimeouts ? degraded(nowNanos, holdDownNanos)
                : new RedisHealth(true, timeoutsInARow + 1, nowNanos, 0);
    }

    private static RedisHealth degraded(long nowNanos, long holdDownNanos) {
        return new RedisHealth(false, 0, 0, nowNanos + holdDownNanos);
    }

    /** A failure that says Redis cannot be reached, rather than that it answered late or with an error. */
    static boolean unreachable(Throwable failure) {
        return !(failure instanceof TimeoutException) && !(failure instanceof ErrorType);
    }
}

package dev.flaregate.limits;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Redis, where replicas count their limits together. Unset, each instance counts its own. */
@ConfigMapping(prefix = "flaregate.redis")
public interface RedisConfig {

    /**
     * {@code redis://[:password@]host:port[/db]} ({@code FLAREGATE_REDIS_URL}); {@code rediss://} for TLS. Unset:
     * no Redis at all, not even a connection attempt.
     */
    Optional<String> url();

    /**
     * Wait for Redis on one check after which its answer is late and counts towards giving Redis up; the check
     * itself waits {@link #timeoutsBeforeFallback()} times this before it is counted by this instance alone. Long
     * enough for a loaded pod and a busy Redis, which answer late without being gone.
     */
    @WithDefault("250ms")
    Duration timeout();

    /** Checks in a row that time out before this instance gives Redis up; a refused connection gives it up at once. */
    @WithDefault("3")
    int timeoutsBeforeFallback();

    /** How long an instance that gave Redis up counts alone before one check tries Redis again. */
    @WithDefault("5s")
    Duration retryInterval();

    /**
     * Replicas that share the limits: while Redis is given up, each instance enforces this share of every limit,
     * so that together they stay within it.
     */
    @WithDefault("1")
    int expectedReplicas();
}
